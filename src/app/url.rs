//! The page state in the URL's query string, so a link (or a slide) reproduces an exact
//! configuration and frame: `?n=7&f=3&s=2&p=0&step=4`. Short keys people can type by hand;
//! the README lists them. Garbage, out-of-range and unknown values fall back to the defaults
//! and say so in a notice, never a blank page.

use super::fields::Field;
use super::images::Builtin;
use super::presets::PRESETS;
use super::state::{Config, Op, ValueMode, Viz, SPEEDS};
use crate::cnn::Rounding;

/// What a query string restores: the state, and one sentence per value that was not used.
#[derive(Clone, Debug, PartialEq)]
pub struct Restored {
    /// The page state.
    pub viz: Viz,
    /// Sentences about ignored or refused values, for a notice on the page.
    pub notices: Vec<String>,
    /// The built-in picture of the real-image view (`img=`; an upload cannot be linked).
    pub image: Builtin,
}

/// The numeric keys and the field each sets.
const FIELD_KEYS: [(&str, Field); 14] = [
    ("n", Field::N),
    ("d", Field::D),
    ("k", Field::K),
    ("f", Field::F),
    ("s", Field::S),
    ("p", Field::P),
    ("w", Field::W),
    ("fw", Field::Fw),
    ("sw", Field::Sw),
    ("pt", Field::Pt),
    ("pl", Field::Pl),
    ("pb", Field::Pb),
    ("pr", Field::Pr),
    ("dil", Field::Dil),
];

fn flag(v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn short(v: &str) -> String {
    v.chars().take(24).collect()
}

/// Restores the page from a query string (with or without the leading `?`).
pub fn from_query(query: &str) -> Restored {
    let q = query.strip_prefix('?').unwrap_or(query);
    let mut notices = Vec::new();
    let pairs: Vec<(String, String)> = match serde_urlencoded::from_str(q) {
        Ok(p) => p,
        Err(_) => {
            notices.push("The link's settings could not be read; the defaults are shown.".into());
            Vec::new()
        }
    };
    // A preset first, so the other keys can adjust it.
    let mut config = Config::default();
    if let Some((_, id)) = pairs.iter().find(|(k, _)| k == "preset") {
        match PRESETS.iter().find(|p| p.id == id.trim()) {
            Some(p) => config = p.config,
            None => notices.push(format!(
                "There is no lecture example “{}”; it was ignored.",
                short(id)
            )),
        }
    }
    // Rectangular and per-side values switch their modes on before they are set.
    let has = |key: &str| pairs.iter().any(|(k, _)| k == key);
    if has("w") || has("fw") || has("sw") {
        config = config.with_rect(true);
    }
    if ["pt", "pl", "pb", "pr"].iter().any(|k| has(k)) {
        config = config.with_per_side(true);
    }
    let mut step = None;
    let mut playing = false;
    let mut embed = false;
    let mut speed = None;
    let mut image = Builtin::default();
    for (key, value) in &pairs {
        let key = key.trim();
        let value = value.trim();
        if let Some(&(_, field)) = FIELD_KEYS.iter().find(|(k, _)| *k == key) {
            match field.parse(value) {
                Ok(v) => config = config.with(field, v),
                Err(e) => notices.push(format!("{key}={}: {e} The default is used.", short(value))),
            }
            continue;
        }
        let bad = |what: &str| format!("{key}={}: {what} It was ignored.", short(value));
        match key {
            "preset" => {}
            "img" => match Builtin::from_id(value) {
                Some(b) => image = b,
                None => notices.push(super::image_text::unknown_image(&short(value))),
            },
            "round" => match value {
                "strict" => config.rounding = Rounding::Strict,
                "floor" => config.rounding = Rounding::Floor,
                "ceil" => config.rounding = Rounding::Ceil,
                "same" => config.rounding = Rounding::Same,
                _ => notices.push(bad("round is strict, floor, ceil or same.")),
            },
            "op" => match value {
                "conv" => config.op = Op::Conv,
                "pool" => config.op = Op::MaxPool,
                _ => notices.push(bad("op is conv or pool.")),
            },
            "vals" => match value {
                "int" => config.values = ValueMode::Small,
                "real" => config.values = ValueMode::Real,
                _ => notices.push(bad("vals is int or real.")),
            },
            "relu" | "bias" | "play" | "embed" => match flag(value) {
                Some(b) if key == "relu" => config.relu = b,
                Some(b) if key == "bias" => config.bias = b,
                Some(b) if key == "embed" => embed = b,
                Some(b) => playing = b,
                None => notices.push(bad("use 1 or 0.")),
            },
            "seed" => match value.parse::<u64>() {
                Ok(s) => config.seed = s,
                Err(_) => notices.push(bad("the seed is a whole number.")),
            },
            "step" => match value.parse::<usize>() {
                Ok(s) if s >= 1 => step = Some(s - 1),
                _ => notices.push(bad("step counts from 1.")),
            },
            "speed" => match value
                .parse::<f64>()
                .ok()
                .and_then(|v| SPEEDS.iter().position(|&s| s == v))
            {
                Some(i) => speed = Some(i),
                None => notices.push(bad("speed is 0.5, 1, 2, 4 or 8 steps per second.")),
            },
            _ => notices.push(format!("Unknown setting “{}” was ignored.", short(key))),
        }
    }
    let mut viz = Viz::new(config);
    viz.embed = embed;
    let positions = viz.positions();
    if let Some(s) = step {
        if s < positions {
            viz.step = s;
        } else {
            notices.push(format!(
                "step={}: this layer has {positions} positions; the first is shown.",
                s + 1
            ));
        }
    }
    viz.playing = playing && positions > 0;
    if let Some(i) = speed {
        viz.speed = i;
    }
    Restored {
        viz,
        notices,
        image,
    }
}

/// [`to_query`] plus the real-image view's built-in picture (`img=`, left out for the default
/// photo).
pub fn to_query_with_image(viz: &Viz, image: Builtin) -> String {
    let q = to_query(viz);
    if image == Builtin::default() {
        return q;
    }
    let img = serde_urlencoded::to_string([("img", image.id())]).unwrap_or_default();
    if q.is_empty() {
        img
    } else {
        format!("{q}&{img}")
    }
}

/// The address of the page showing `viz` embedded in a slide: `base` (the page's address
/// without its query) with the state and `embed=1`.
pub fn embed_url(base: &str, viz: &Viz) -> String {
    let q = to_query(&Viz {
        embed: true,
        playing: false,
        ..viz.clone()
    });
    format!("{base}?{q}")
}

/// The query string (without `?`) that restores `viz`: only what differs from the defaults,
/// so links stay short; a matching preset is written as `preset=` plus any changes.
pub fn to_query(viz: &Viz) -> String {
    let c = viz.config.normalized();
    let d = Config::default();
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (key, field) in FIELD_KEYS {
        let hidden = match field {
            Field::W | Field::Fw | Field::Sw => !c.rect,
            Field::Pt | Field::Pl | Field::Pb | Field::Pr => c.pads.is_none(),
            Field::P => c.pads.is_some(),
            _ => false,
        };
        if !hidden
            && (c.get(field) != d.get(field)
                || matches!(
                    field,
                    Field::W
                        | Field::Fw
                        | Field::Sw
                        | Field::Pt
                        | Field::Pl
                        | Field::Pb
                        | Field::Pr
                ))
        {
            pairs.push((key, c.get(field).to_string()));
        }
    }
    if c.op == Op::MaxPool {
        pairs.push(("op", "pool".into()));
    }
    let round = match c.rounding {
        Rounding::Strict => None,
        Rounding::Floor => Some("floor"),
        Rounding::Ceil => Some("ceil"),
        Rounding::Same => Some("same"),
    };
    if let Some(r) = round {
        pairs.push(("round", r.into()));
    }
    if c.values == ValueMode::Real {
        pairs.push(("vals", "real".into()));
    }
    if c.relu {
        pairs.push(("relu", "1".into()));
    }
    if !c.bias {
        pairs.push(("bias", "0".into()));
    }
    if c.seed != d.seed {
        pairs.push(("seed", c.seed.to_string()));
    }
    if let Some(p) = super::presets::matching(&viz.config) {
        if p.config.fixture.is_some() {
            // Fixed values travel only as the preset.
            pairs.retain(|(k, _)| matches!(*k, "seed"));
            pairs.insert(0, ("preset", p.id.into()));
        }
    }
    // While playing the step changes several times a second: leave it out, so the URL (and
    // the browser's history API, which throttles) is touched only when something is set.
    if viz.step > 0 && !viz.playing {
        pairs.push(("step", (viz.step + 1).to_string()));
    }
    if viz.playing {
        pairs.push(("play", "1".into()));
    }
    if viz.speed != Viz::default().speed {
        pairs.push(("speed", super::text::num(viz.steps_per_second())));
    }
    if viz.embed {
        pairs.push(("embed", "1".into()));
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Msg;

    #[test]
    fn the_default_page_has_an_empty_query_and_round_trips() {
        let v = Viz::default();
        assert_eq!(to_query(&v), "");
        assert_eq!(from_query("").viz, v);
        assert!(from_query("").notices.is_empty());
    }

    #[test]
    fn every_key_is_read() {
        let r = from_query("?n=9&d=3&k=2&f=5&s=2&p=2&round=floor&op=conv&vals=real&relu=1&bias=0&seed=7&step=3&play=1&speed=4&embed=1");
        assert!(r.viz.embed);
        assert!(to_query(&r.viz).ends_with("&embed=1"));
        assert_eq!(r.notices, Vec::<String>::new());
        let c = r.viz.config;
        assert_eq!((c.n, c.d, c.k, c.f, c.s, c.p), (9, 3, 2, 5, 2, 2));
        assert_eq!(c.rounding, Rounding::Floor);
        assert_eq!(
            (c.values, c.relu, c.bias, c.seed),
            (ValueMode::Real, true, false, 7)
        );
        assert_eq!(
            (r.viz.step, r.viz.playing, r.viz.steps_per_second()),
            (2, true, 4.0)
        );
        let r = from_query("w=11&fw=2&sw=3&pt=1&pb=0&dil=2&op=pool");
        let c = r.viz.config;
        assert!(c.rect && c.pads.is_some());
        assert_eq!(
            (c.w(), c.fw(), c.sw(), c.padding().top, c.dil, c.op),
            (11, 2, 3, 1, 2, Op::MaxPool)
        );
    }

    #[test]
    fn state_round_trips_through_the_query() {
        let mut v = Viz::default();
        for msg in [
            Msg::Edit(Field::N, "9".into()),
            Msg::Edit(Field::D, "3".into()),
            Msg::Edit(Field::K, "2".into()),
            Msg::SetRounding(Rounding::Ceil),
            Msg::SetRect(true),
            Msg::Edit(Field::W, "11".into()),
            Msg::SetPerSide(true),
            Msg::Edit(Field::Pl, "1".into()),
            Msg::SetRelu(true),
            Msg::Seek(5),
            Msg::Faster,
        ] {
            v = v.apply(msg).unwrap();
        }
        let q = to_query(&v);
        let back = from_query(&q);
        assert!(back.notices.is_empty(), "{q}: {:?}", back.notices);
        assert_eq!(back.viz.config.normalized(), v.config.normalized(), "{q}");
        assert_eq!((back.viz.step, back.viz.speed), (v.step, v.speed));
    }

    #[test]
    fn the_embed_address_keeps_the_state_and_adds_embed() {
        let v = Viz::default().apply(Msg::Seek(4)).unwrap();
        assert_eq!(
            embed_url("https://x.org/cs/", &v),
            "https://x.org/cs/?step=5&embed=1"
        );
    }

    #[test]
    fn the_built_in_picture_round_trips_and_an_unknown_one_is_refused() {
        let v = Viz::default().apply(Msg::Seek(2)).unwrap();
        for b in Builtin::ALL {
            let q = to_query_with_image(&v, b);
            let back = from_query(&q);
            assert!(back.notices.is_empty(), "{q}: {:?}", back.notices);
            assert_eq!((back.image, back.viz.step), (b, 2), "{q}");
        }
        assert_eq!(to_query_with_image(&Viz::default(), Builtin::Photo), "");
        assert_eq!(
            to_query_with_image(&Viz::default(), Builtin::Pattern),
            "img=pattern"
        );
        let r = from_query("img=holiday.jpg&n=9");
        assert_eq!((r.image, r.viz.config.n), (Builtin::Photo, 9));
        assert_eq!(r.notices.len(), 1);
        assert!(
            r.notices[0].contains("img=holiday.jpg")
                && r.notices[0].contains("uploaded picture cannot travel in a link"),
            "{:?}",
            r.notices
        );
    }

    #[test]
    fn presets_and_fixtures_travel_by_name() {
        let pool = PRESETS.iter().find(|p| p.id == "pool-4x4").unwrap();
        let v = Viz::new(pool.config);
        assert_eq!(to_query(&v), "preset=pool-4x4");
        let back = from_query("preset=pool-4x4");
        assert_eq!(back.viz.config, pool.config);
        // A preset adjusted by another key.
        let r = from_query("preset=7x7-s3&p=1");
        assert_eq!((r.viz.config.s, r.viz.config.p), (3, 1));
    }

    #[test]
    fn garbage_falls_back_to_defaults_with_a_sentence() {
        let r = from_query(
            "n=abc&s=0&round=sideways&zoom=3&step=999&preset=nope&speed=3&play=maybe&n=%FF%FE",
        );
        assert_eq!(r.viz.config, Config::default());
        assert_eq!(r.viz.step, 0);
        let all = r.notices.join("\n");
        for needle in [
            "n=abc: “abc” is not a number",
            "s=0: S = 0 is outside 1–16",
            "round=sideways: round is strict, floor, ceil or same.",
            "Unknown setting “zoom”",
            "step=999: this layer has 9 positions",
            "no lecture example “nope”",
            "speed=3: speed is 0.5, 1, 2, 4 or 8",
            "play=maybe: use 1 or 0.",
        ] {
            assert!(all.contains(needle), "missing {needle:?} in:\n{all}");
        }
        // Nothing panics on any byte soup.
        for q in [
            "&&&", "=", "==&=", "%", "%zz", "n", "n=", "?", "a=b=c", "n=1e400", "n=-0",
        ] {
            let _ = from_query(q);
        }
    }
}
