//! Driving ConvScope from outside the page: the JavaScript API's handle (`mount`) and
//! `postMessage` to an embedded frame speak the same few verbs, parsed here so both paths
//! behave the same and are tested natively.

use super::state::{Msg, Viz};
use super::url::{over_query, to_query};
use crate::tr;

/// One remote command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// One position forward (pauses, as the → key does).
    Step,
    /// One position back.
    Back,
    /// Start the animation.
    Play,
    /// Stop it.
    Pause,
    /// The first position.
    First,
    /// The last position.
    Last,
    /// Change settings: a query string with the address's keys (`s=2&p=1`); keys not named
    /// keep their values.
    Set(String),
}

impl Command {
    /// The command named `verb` (`"step"`, `"back"`, `"play"`, `"pause"`, `"first"`, `"last"`,
    /// `"set"`); `config` is the query string of `set`.
    pub fn parse(verb: &str, config: Option<&str>) -> Result<Command, String> {
        Ok(match verb.trim() {
            "step" | "next" => Command::Step,
            "back" | "prev" => Command::Back,
            "play" => Command::Play,
            "pause" => Command::Pause,
            "first" => Command::First,
            "last" => Command::Last,
            "set" => Command::Set(config.unwrap_or_default().to_string()),
            other => {
                return Err(tr!(
                    "remote.unknown",
                    other.chars().take(24).collect::<String>()
                ))
            }
        })
    }

    /// The message that carries the command out on `viz`, and the sentences about any value
    /// of a `set` that was not used.
    pub fn message(&self, viz: &Viz) -> (Msg, Vec<String>) {
        let msg = match self {
            Command::Step => Msg::StepBy(1),
            Command::Back => Msg::StepBy(-1),
            Command::Play => Msg::SetPlaying(true),
            Command::Pause => Msg::SetPlaying(false),
            Command::First => Msg::First,
            Command::Last => Msg::Last,
            Command::Set(query) => {
                // The current state first, then the new keys: later keys win.
                let q = query.trim_start_matches('?');
                let r = over_query(&to_query(viz), q, viz.lang);
                let mut next = r.viz;
                next.embed = viz.embed;
                if !q.split('&').any(|kv| kv.starts_with("theme=")) {
                    next.theme = viz.theme;
                }
                return (Msg::Restore(Box::new(next)), r.notices);
            }
        };
        (msg, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::Lang;
    use crate::app::state::Config;

    #[test]
    fn verbs_become_the_messages_the_keys_send() {
        let v = Viz::default();
        for (verb, msg) in [
            ("step", Msg::StepBy(1)),
            ("back", Msg::StepBy(-1)),
            ("play", Msg::SetPlaying(true)),
            ("pause", Msg::SetPlaying(false)),
            ("first", Msg::First),
            ("last", Msg::Last),
        ] {
            assert_eq!(Command::parse(verb, None).unwrap().message(&v).0, msg);
        }
        assert_eq!(
            Command::parse("jump", None).unwrap_err(),
            "Unknown command “jump”: use step, back, play, pause, first, last or set."
        );
    }

    #[test]
    fn set_changes_only_the_keys_it_names_and_reports_bad_values() {
        let mut v = Viz::new(Config {
            n: 9,
            ..Config::default()
        });
        v.lang = Lang::Ko;
        let (msg, notices) = Command::parse("set", Some("s=2&p=1&zoom=2"))
            .unwrap()
            .message(&v);
        let Msg::Restore(next) = msg else {
            panic!("{msg:?}")
        };
        assert_eq!((next.config.n, next.config.s, next.config.p), (9, 2, 1));
        assert_eq!(next.lang, Lang::Ko, "the language stays");
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("zoom"), "{notices:?}");
        // Applying it moves the page there.
        let after = v.apply(Msg::Restore(next.clone())).unwrap();
        assert_eq!(after.config, next.config);
        // Play on a layer with positions plays; pause pauses.
        let playing = after.apply(Msg::SetPlaying(true)).unwrap();
        assert!(playing.playing);
        assert!(!playing.apply(Msg::SetPlaying(false)).unwrap().playing);
    }
}
