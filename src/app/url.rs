//! The page state in the URL's query string, so a link (or a slide) reproduces an exact
//! configuration and frame: `?n=7&f=3&s=2&p=0&step=4`. Short keys people can type by hand;
//! the README lists them. Garbage, out-of-range and unknown values fall back to the defaults
//! and say so in a notice, never a blank page.

use super::fields::Field;
use super::i18n::{self, Lang};
use super::images::Builtin;
use super::presets::PRESETS;
use super::quiz::Quiz;
use super::state::{Config, Op, Theme, ValueMode, Viz, SPEEDS};
use crate::cnn::Rounding;
use crate::tr;

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
const FIELD_KEYS: [(&str, Field); 16] = [
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
    ("g", Field::G),
    ("opad", Field::Opad),
];

/// Other names people type for the rectangular axes: the height of the input, filter and
/// stride (`h`, `fh`, `sh`) are N, F and S, whose width partners are `w`, `fw`, `sw`.
const ALIASES: [(&str, Field); 3] = [("h", Field::N), ("fh", Field::F), ("sh", Field::S)];

fn flag(v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

/// A value quoted in a notice: at most 24 characters, and "…" when cut.
fn short(v: &str) -> String {
    let mut out: String = v.chars().take(24).collect();
    if v.chars().nth(24).is_some() {
        out.push('…');
    }
    out
}

/// Restores the page from a query string (with or without the leading `?`). Without a
/// `lang` key the page speaks `fallback` (the browser's language); the notices are written
/// in the page's language.
pub fn from_query(query: &str, fallback: Lang) -> Restored {
    restore_in(query, fallback, None, false)
}

/// The state `base` (a state's address) with the keys of `over` put over it, as `set` on a
/// mounted ConvScope or by `postMessage` asks: a refused value leaves the one it had.
pub fn over_query(base: &str, over: &str, fallback: Lang) -> Restored {
    restore_in(&format!("{base}&{over}"), fallback, None, true)
}

/// The notices of [`from_query`] written in `lang`, whatever language the link asks for: the
/// page shows them again in the reader's language after a switch.
pub fn notices_in(query: &str, lang: Lang) -> Vec<String> {
    restore_in(query, lang, Some(lang), false).notices
}

fn restore_in(query: &str, fallback: Lang, speak: Option<Lang>, layered: bool) -> Restored {
    let q = query.strip_prefix('?').unwrap_or(query);
    let parsed: Option<Vec<(String, String)>> = serde_urlencoded::from_str(q).ok();
    let pairs = parsed.clone().unwrap_or_default();
    // The language first: every notice below is written in it.
    let lang_value = pairs.iter().rev().find(|(k, _)| k.trim() == "lang");
    let lang = lang_value
        .and_then(|(_, v)| Lang::parse(v).filter(|_| !v.trim().is_empty()))
        .unwrap_or(fallback);
    i18n::with_lang(speak.unwrap_or(lang), || {
        let mut notices = Vec::new();
        if parsed.is_none() {
            notices.push(tr!("url.unreadable").into());
        }
        if let Some((_, v)) = lang_value.filter(|(_, v)| Lang::parse(v).is_none()) {
            notices.push(tr!("url.bad_value", "lang", short(v), tr!("url.lang")));
        }
        let mut r = restore(&pairs, notices, layered);
        r.viz.lang = lang;
        r
    })
}

/// The state the `pairs` describe, with a notice for each value that was not used.
/// `layered`: the pairs are a state's address with new keys after it (`set`), read in order
/// (a later key over an earlier one, a refused one leaving the earlier value), not a link.
fn restore(pairs: &[(String, String)], mut notices: Vec<String>, layered: bool) -> Restored {
    // A preset first, so the other keys can adjust it.
    let mut config = Config::default();
    // What a refused number falls back to: the default, the lecture example's value, or
    // (layered) the value it had.
    let mut kept = if layered {
        tr!("url.value_kept")
    } else {
        tr!("url.default_used")
    };
    if let Some((_, id)) = pairs.iter().rev().find(|(k, _)| k == "preset") {
        match PRESETS.iter().find(|p| p.id == id.trim()) {
            Some(p) => {
                config = p.config;
                kept = tr!("url.preset_used");
            }
            None => notices.push(tr!("url.no_preset", short(id))),
        }
    }
    // Rectangular and per-side values switch their modes on before they are set.
    let has = |key: &str| pairs.iter().any(|(k, _)| k == key);
    let to_rect = !config.rect && ["w", "fw", "sw", "h", "fh", "sh"].iter().any(|k| has(k));
    if to_rect {
        config = config.with_rect(true);
    }
    if ["pt", "pl", "pb", "pr"].iter().any(|k| has(k)) {
        config = config.with_per_side(true);
    }
    let mut step = None;
    let mut playing = false;
    let mut embed = false;
    let mut speed = None;
    let mut theme = Theme::Auto;
    let mut quiz = false;
    let mut scatter = false;
    let mut image = Builtin::default();
    // A key given twice (a link edited by hand): the last is used, and said once; a value
    // set by two keys (n and its alias h): the last key's, said too.
    let mut fields_set: Vec<(Field, &str)> = Vec::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        let key = key.trim();
        let value = value.trim();
        let same = |k: &String| k.trim() == key;
        let later = pairs
            .iter()
            .rposition(|(k, _)| same(k))
            .filter(|&l| l != i && !layered);
        if let Some(last) = later {
            if !pairs[..i].iter().any(|(k, _)| same(k)) {
                notices.push(tr!("url.twice", key, short(pairs[last].1.trim())));
            }
            continue;
        }
        if let Some(&(_, field)) = FIELD_KEYS
            .iter()
            .chain(ALIASES.iter())
            .find(|(k, _)| *k == key)
        {
            if let Some(&(_, other)) = fields_set.iter().find(|(f, _)| *f == field && !layered) {
                notices.push(tr!("url.same_value", other, key, short(value)));
            }
            fields_set.push((field, key));
            match field.parse(value) {
                Ok(v) => config = config.with(field, v),
                Err(e) => notices.push(tr!(
                    "url.refused",
                    key,
                    short(value),
                    e.away_from_box(),
                    kept
                )),
            }
            continue;
        }
        let bad = |what: &str| tr!("url.bad_value", key, short(value), what);
        match key {
            "preset" | "lang" => {}
            "img" => match Builtin::from_id(value) {
                Some(b) => image = b,
                None => notices.push(super::image_text::unknown_image(&short(value))),
            },
            "theme" => match Theme::parse(value) {
                Some(t) => theme = t,
                None => notices.push(bad(tr!("url.theme"))),
            },
            "pool" => match pool_window(value) {
                Some((f, s)) => {
                    config.op = Op::MaxPool;
                    config = config.with(Field::F, f).with(Field::S, s);
                }
                None => notices.push(bad(&tr!(
                    "url.pool",
                    Field::F.range().1,
                    Field::S.range().1
                ))),
            },
            "round" => match value {
                "strict" => config.rounding = Rounding::Strict,
                "floor" => config.rounding = Rounding::Floor,
                "ceil" => config.rounding = Rounding::Ceil,
                "same" => config.rounding = Rounding::Same,
                _ => notices.push(bad(tr!("url.round"))),
            },
            "op" => match value {
                "conv" => config.op = Op::Conv,
                "pool" => config.op = Op::MaxPool,
                _ => notices.push(bad(tr!("url.op"))),
            },
            "vals" => match value {
                "int" => config.values = ValueMode::Small,
                "real" => config.values = ValueMode::Real,
                _ => notices.push(bad(tr!("url.vals"))),
            },
            "relu" | "bias" | "play" | "embed" | "quiz" | "transposed" | "scatter" => {
                match flag(value) {
                    Some(b) if key == "quiz" => quiz = b,
                    Some(b) if key == "relu" => config.relu = b,
                    Some(b) if key == "transposed" => config.transposed = b,
                    Some(b) if key == "scatter" => scatter = b,
                    Some(b) if key == "bias" => config.bias = b,
                    Some(b) if key == "embed" => embed = b,
                    Some(b) => playing = b,
                    None => notices.push(bad(tr!("url.flag"))),
                }
            }
            "seed" => match value.parse::<u64>() {
                Ok(s) => config.seed = s,
                Err(_) => notices.push(bad(tr!("url.seed"))),
            },
            "step" => match value.parse::<usize>() {
                Ok(s) if s >= 1 => step = Some(s - 1),
                _ => notices.push(bad(tr!("url.step"))),
            },
            "speed" => match crate::app::fields::parse_decimal(value)
                .and_then(|v| SPEEDS.iter().position(|&s| s == v))
            {
                Some(i) => speed = Some(i),
                None => notices.push(bad(tr!("url.speed"))),
            },
            _ => notices.push(tr!("url.unknown", short(key))),
        }
    }
    // A width the link does not give follows its height, as outside rectangular mode:
    // `n=9&w=11&f=5` is a 5 × 5 filter, not the default's 3 wide.
    if to_rect {
        for (width, height) in [
            (Field::W, config.n),
            (Field::Fw, config.f),
            (Field::Sw, config.s),
        ] {
            let key = FIELD_KEYS
                .iter()
                .find(|(_, f)| *f == width)
                .map_or("", |k| k.0);
            if !has(key) {
                config = config.with(width, height);
            }
        }
    }
    let mut viz = Viz::new(config);
    viz.embed = embed;
    viz.theme = theme;
    viz.scatter = scatter;
    let positions = viz.positions();
    if let Some(s) = step {
        if s < positions {
            viz.step = s;
        } else {
            notices.push(tr!("url.step_range", s + 1, positions));
        }
    }
    viz.playing = playing && positions > 0;
    if let Some(i) = speed {
        viz.speed = i;
    }
    if quiz {
        // The questions come from the seed alone, so the whole class gets the same ones.
        viz = viz.with_quiz(Quiz::new(config.seed));
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

/// `pool=F,S` (or `pool=F`, stride F): the pooling window and stride, each in its field's range.
fn pool_window(value: &str) -> Option<(usize, usize)> {
    let mut parts = value.split(',').map(str::trim);
    let f = Field::F.parse(parts.next()?).ok()?;
    let s = match parts.next() {
        Some(t) => Field::S.parse(t).ok()?,
        None => Field::S.parse(&f.to_string()).ok()?,
    };
    parts.next().is_none().then_some((f, s))
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
    if let Some(q) = &viz.quiz {
        // A quiz link is its seed: the layer is the question's.
        let mut pairs = vec![("quiz", "1".to_string()), ("seed", q.seed.to_string())];
        push_looks(viz, &mut pairs);
        return serde_urlencoded::to_string(&pairs).unwrap_or_default();
    }
    let c = viz.config.normalized();
    // Fixed values (the notes' figures) travel only as their preset, so the link starts from
    // it and writes what differs from it; everything else is written against the defaults.
    let fixture_preset = c
        .fixture
        .and_then(|fx| PRESETS.iter().find(|p| p.config.fixture == Some(fx)));
    let d = fixture_preset.map_or_else(Config::default, |p| p.config.normalized());
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
    if c.op == Op::MaxPool && d.op != Op::MaxPool {
        // The notes' way of naming a pooling layer: its window and stride, `pool=2,2`.
        pairs.retain(|(k, _)| !matches!(*k, "f" | "s"));
        pairs.push(("pool", format!("{},{}", c.f, c.s)));
    } else if c.op != d.op {
        pairs.push(("op", "conv".into()));
    }
    if c.rounding != d.rounding {
        let round = match c.rounding {
            Rounding::Strict => "strict",
            Rounding::Floor => "floor",
            Rounding::Ceil => "ceil",
            Rounding::Same => "same",
        };
        pairs.push(("round", round.into()));
    }
    if c.values != d.values {
        let vals = match c.values {
            ValueMode::Small => "int",
            ValueMode::Real => "real",
        };
        pairs.push(("vals", vals.into()));
    }
    let flag = |on: bool| if on { "1" } else { "0" }.to_string();
    if c.transposed != d.transposed {
        pairs.push(("transposed", flag(c.transposed)));
    }
    if viz.scatter {
        pairs.push(("scatter", "1".into()));
    }
    if c.relu != d.relu {
        pairs.push(("relu", flag(c.relu)));
    }
    if c.bias != d.bias {
        pairs.push(("bias", flag(c.bias)));
    }
    if c.seed != d.seed {
        pairs.push(("seed", c.seed.to_string()));
    }
    if let Some(p) = fixture_preset {
        pairs.insert(0, ("preset", p.id.into()));
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
    push_looks(viz, &mut pairs);
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

/// The keys of how the page looks, in every link: embedded, theme, and the language whenever
/// it is not English (so a shared link keeps it).
fn push_looks(viz: &Viz, pairs: &mut Vec<(&str, String)>) {
    if viz.embed {
        pairs.push(("embed", "1".into()));
    }
    if viz.theme != Theme::Auto {
        pairs.push(("theme", viz.theme.code().into()));
    }
    if viz.lang != Lang::En {
        pairs.push(("lang", viz.lang.code().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Msg;

    #[test]
    fn the_default_page_has_an_empty_query_and_round_trips() {
        let v = Viz::default();
        assert_eq!(to_query(&v), "");
        assert_eq!(from_query("", Lang::En).viz, v);
        assert!(from_query("", Lang::En).notices.is_empty());
    }

    #[test]
    fn every_key_is_read() {
        let r = from_query("?n=9&d=3&k=2&f=5&s=2&p=2&round=floor&op=conv&vals=real&relu=1&bias=0&seed=7&step=3&play=1&speed=4&embed=1", Lang::En);
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
        let r = from_query("w=11&fw=2&sw=3&pt=1&pb=0&dil=2&op=pool", Lang::En);
        let c = r.viz.config;
        assert!(c.rect && c.pads.is_some());
        assert_eq!(
            (c.w(), c.fw(), c.sw(), c.padding().top, c.dil, c.op),
            (11, 2, 3, 1, 2, Op::MaxPool)
        );
        // Found in review: a width the link leaves out follows its height (it kept the
        // default's 3 × 3 filter's width and stride 2).
        let c = from_query("n=9&w=11&f=5&s=1", Lang::En).viz.config;
        assert_eq!((c.n, c.w(), c.f, c.fw(), c.s, c.sw()), (9, 11, 5, 5, 1, 1));
        let c = from_query("h=6&f=5", Lang::En).viz.config;
        assert_eq!((c.n, c.w(), c.f, c.fw()), (6, 6, 5, 5));
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
        let back = from_query(&q, Lang::En);
        assert!(back.notices.is_empty(), "{q}: {:?}", back.notices);
        assert_eq!(back.viz.config.normalized(), v.config.normalized(), "{q}");
        assert_eq!((back.viz.step, back.viz.speed), (v.step, v.speed));
    }

    #[test]
    fn groups_and_transposed_travel_in_the_query() {
        let r = from_query(
            "n=2&f=3&s=2&p=1&transposed=1&opad=1&scatter=1&step=3",
            Lang::En,
        );
        assert!(r.notices.is_empty(), "{:?}", r.notices);
        let c = r.viz.config;
        assert!(c.transposed && r.viz.scatter);
        assert_eq!((c.n, c.f, c.s, c.p, c.opad), (2, 3, 2, 1, 1));
        assert_eq!(r.viz.step, 2, "a scatter step of the 2×2 input");
        let q = to_query(&r.viz);
        assert_eq!(q, "n=2&p=1&opad=1&transposed=1&scatter=1&step=3");
        assert_eq!(from_query(&q, Lang::En).viz, r.viz);
        let r = from_query("d=4&k=4&g=4", Lang::En);
        assert_eq!(r.viz.config.groups, 4);
        assert_eq!(to_query(&r.viz), "d=4&k=4&g=4");
        // Bad values fall back with a sentence; opad outside its range is refused.
        let r = from_query("g=0&opad=99&transposed=maybe", Lang::En);
        let all = r.notices.join("\n");
        assert!(all.contains("g=0: G = 0 is outside 1–2048"), "{all}");
        assert!(all.contains("opad=99: a = 99 is outside 0–15"), "{all}");
        assert!(all.contains("transposed=maybe: use 1 or 0."), "{all}");
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
            let back = from_query(&q, Lang::En);
            assert!(back.notices.is_empty(), "{q}: {:?}", back.notices);
            assert_eq!((back.image, back.viz.step), (b, 2), "{q}");
        }
        assert_eq!(to_query_with_image(&Viz::default(), Builtin::Photo), "");
        assert_eq!(
            to_query_with_image(&Viz::default(), Builtin::Pattern),
            "img=pattern"
        );
        let r = from_query("img=holiday.jpg&n=9", Lang::En);
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
        let back = from_query("preset=pool-4x4", Lang::En);
        assert_eq!(back.viz.config, pool.config);
        // A preset adjusted by another key.
        let r = from_query("preset=7x7-s3&p=1", Lang::En);
        assert_eq!((r.viz.config.s, r.viz.config.p), (3, 1));
    }

    #[test]
    fn an_adjusted_preset_with_fixed_values_keeps_them_through_a_link() {
        // Found by fuzzing: the notes' 4×4 pooling figure, then any change that keeps its
        // input (stride, rounding, conv, rectangular mode) lost the figure's values on reload.
        let pool = PRESETS.iter().find(|p| p.id == "pool-4x4").unwrap();
        let start = Viz::new(pool.config);
        for msg in [
            Msg::Edit(Field::S, "1".into()),
            Msg::SetRounding(Rounding::Ceil),
            Msg::SetOp(Op::Conv),
            Msg::SetRect(true),
            Msg::Edit(Field::Dil, "2".into()),
            Msg::SetRelu(true),
        ] {
            let v = start.apply(msg.clone()).unwrap();
            assert!(v.config.fixture.is_some(), "{msg:?}");
            let q = to_query(&v);
            assert!(q.starts_with("preset=pool-4x4"), "{msg:?}: {q}");
            let back = from_query(&q, Lang::En);
            assert!(back.notices.is_empty(), "{q}: {:?}", back.notices);
            assert_eq!(back.viz.config.normalized(), v.config.normalized(), "{q}");
        }
        let r = from_query("fw=&preset=pool-4x4", Lang::En);
        let back = from_query(&to_query(&r.viz), Lang::En);
        assert_eq!(back.viz.config.fixture, r.viz.config.fixture);
    }

    #[test]
    fn a_refused_value_over_a_preset_says_the_example_value_stays() {
        // The notice said "The default is used." while the preset's S = 3 stayed in force.
        let r = from_query("preset=7x7-s3&s=O", Lang::En);
        assert_eq!(r.viz.config.s, 3);
        assert_eq!(
            r.notices,
            ["s=O: “O” is not a number: enter a whole number from 1 to 16. The lecture example's value is used."]
        );
        assert!(from_query("s=O", Lang::En).notices[0].ends_with("The default is used."));
    }

    /// Found in review: `n=7&n=9` gave 9 silently, `n=abc&n=9` said the default was used and
    /// used 9, `h=9&n=7` dropped h silently.
    #[test]
    fn a_key_given_twice_or_a_value_set_by_two_keys_is_said() {
        let r = from_query("n=7&n=9", Lang::En);
        assert_eq!(r.viz.config.n, 9);
        assert_eq!(
            r.notices,
            ["n is given more than once; the last, n=9, is used."]
        );
        let r = from_query("n=abc&f=5&n=9&n=11", Lang::En);
        assert_eq!((r.viz.config.n, r.viz.config.f), (11, 5));
        assert_eq!(
            r.notices,
            ["n is given more than once; the last, n=11, is used."]
        );
        let r = from_query("h=9&n=7", Lang::En);
        assert_eq!(r.viz.config.n, 7);
        assert_eq!(
            r.notices,
            ["h and n set the same value; the later, n=7, is used."]
        );
        // A long value quoted is marked as cut.
        let long = "9".repeat(30);
        let r = from_query(&format!("seed=x{long}"), Lang::En);
        assert!(
            r.notices[0].starts_with(&format!("seed=x{}…: ", "9".repeat(23))),
            "{:?}",
            r.notices
        );
    }

    /// `set` reads the state's address with its keys after it: in order, no word about a
    /// key given twice, and a refused value leaves the one the state had (its notice said
    /// the default was used, and it was not).
    #[test]
    fn a_set_reads_its_keys_over_the_state_in_order() {
        let r = over_query("n=5&f=3&s=1", "s=0&k=2", Lang::En);
        assert_eq!((r.viz.config.s, r.viz.config.k), (1, 2));
        assert_eq!(
            r.notices,
            ["s=0: S = 0 is outside 1–16, the range ConvScope accepts. The value stays as it was."]
        );
        assert_eq!(
            over_query("n=5&f=3", "h=9", Lang::En).notices,
            Vec::<String>::new()
        );
    }

    /// Audit: "d = 0 is outside 1–8" read like the depth D; the address names the dilation.
    #[test]
    fn a_refused_dilation_is_named_in_words() {
        let r = from_query("dil=0&d=0", Lang::En);
        let all = r.notices.join("\n");
        assert!(all.contains("dil=0: dilation = 0 is outside 1–8"), "{all}");
        assert!(all.contains("d=0: D = 0 is outside 1–2048"), "{all}");
        let ko = from_query("dil=0&lang=ko", Lang::En).notices.join("\n");
        assert!(ko.contains("dil=0: 팽창 = 0"), "{ko}");
    }

    #[test]
    fn garbage_falls_back_to_defaults_with_a_sentence() {
        let r = from_query(
            "n=abc&s=0&round=sideways&zoom=3&step=999&preset=nope&speed=3&play=maybe&n=%FF%FE",
            Lang::En,
        );
        assert_eq!(r.viz.config, Config::default());
        assert_eq!(r.viz.step, 0);
        let all = r.notices.join("\n");
        for needle in [
            // n twice: the last is the one read (and refused).
            "n is given more than once; the last, n=\u{FFFD}\u{FFFD}, is used.",
            "n=\u{FFFD}\u{FFFD}: “\u{FFFD}\u{FFFD}” is not a number",
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
            let _ = from_query(q, Lang::En);
        }
    }

    #[test]
    fn notices_are_written_again_in_the_language_switched_to() {
        let q = "?lang=ko&zz=1&s=O";
        let ko = from_query(q, Lang::En).notices;
        let en = notices_in(q, Lang::En);
        assert_eq!(ko.len(), 2);
        assert_eq!(en.len(), 2);
        assert_eq!(en[0], "Unknown setting “zz” was ignored.");
        assert!(ko[0].contains("알 수 없는 설정"), "{ko:?}");
        assert_eq!(notices_in(q, Lang::Ko), ko);
    }

    #[test]
    fn language_theme_and_pool_keys_round_trip() {
        let mut v = Viz::new(Config {
            op: Op::MaxPool,
            n: 4,
            f: 2,
            s: 2,
            ..Config::default()
        });
        v.lang = Lang::Ko;
        v.theme = Theme::Contrast;
        let q = to_query(&v);
        assert!(
            q.contains("pool=2%2C2") && q.contains("lang=ko") && q.contains("theme=contrast"),
            "{q}"
        );
        assert!(
            !q.contains("op=") && !q.contains("f=") && !q.contains("&s="),
            "{q}"
        );
        let back = from_query(&q, Lang::En);
        assert_eq!((back.viz.clone(), back.notices), (v, vec![]));
        // Without `lang` the browser's language applies; notices follow the page's language.
        assert_eq!(from_query("n=7", Lang::Ko).viz.lang, Lang::Ko);
        let r = from_query("lang=ko&theme=neon&pool=0,2", Lang::En);
        assert_eq!(r.viz.lang, Lang::Ko);
        assert_eq!(r.viz.theme, Theme::Auto);
        assert_eq!(r.viz.config.op, Op::Conv, "a refused pool changes nothing");
        assert!(
            r.notices[0].starts_with("theme=neon: theme은"),
            "{:?}",
            r.notices
        );
        assert!(
            r.notices[1].starts_with("pool=0,2: pool은"),
            "{:?}",
            r.notices
        );
        let r = from_query("lang=fr", Lang::En);
        assert_eq!((r.viz.lang, r.notices.len()), (Lang::En, 1));
    }

    #[test]
    fn a_quiz_link_is_its_seed_and_the_picture_holds_until_answered() {
        use crate::app::quiz::question;
        let r = from_query("quiz=1&seed=7&embed=1", Lang::En);
        let v = r.viz;
        let q = v.quiz.clone().expect("quiz mode");
        assert_eq!(q.question, question(7, 0));
        assert_eq!(v.config, q.question.config);
        assert!(v.embed);
        assert_eq!(to_query(&v), "quiz=1&seed=7&embed=1");
        assert!(v.answer_hidden());
        assert_eq!(
            v.apply(Msg::StepBy(1)),
            None,
            "keys cannot reveal the answer"
        );
        assert_eq!(v.apply(Msg::TogglePlay), None);
        assert_eq!(v.apply(Msg::SetRelu(true)), None, "nor can the controls");
        let (right, _) = q.question.solve();
        let answered = v
            .apply(Msg::QuizAnswer(crate::app::text::num(right)))
            .unwrap();
        let verdict = answered.quiz.as_ref().unwrap().verdict.clone().unwrap();
        assert!(verdict.correct);
        assert!(
            answered.apply(Msg::SetRelu(true)).is_some(),
            "answered: free again"
        );
        let next = answered.apply(Msg::QuizNext).unwrap();
        assert_eq!(next.quiz.as_ref().unwrap().question, question(7, 1));
        assert_eq!(next.config, question(7, 1).config);
        assert!(next.apply(Msg::QuizStop).unwrap().quiz.is_none());
    }

    #[test]
    fn height_names_are_aliases_of_n_f_and_s() {
        let r = from_query("h=9&w=11&fh=3&fw=5&sh=2&sw=3", Lang::En);
        let c = r.viz.config;
        assert!(r.notices.is_empty(), "{:?}", r.notices);
        assert!(c.rect);
        assert_eq!((c.n, c.w(), c.f, c.fw(), c.s, c.sw()), (9, 11, 3, 5, 2, 3));
    }
}
