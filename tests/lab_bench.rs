//! Timing of the real-image pipeline natively (printed, never asserted; run with
//! `cargo test --release --test lab_bench -- --ignored --nocapture`).
use convscope::app::images::Builtin;
use convscope::app::lab::{pool2, Lab, LabMsg, Pipeline};
use convscope::cnn::{conv_map, relu};
use std::time::Instant;

#[test]
#[ignore]
fn pipeline_timing() {
    let lab = Lab::new(Builtin::Pattern);
    let (bank, spec) = (lab.bank().unwrap(), lab.spec());
    let time = |name: &str, n: u32, mut f: Box<dyn FnMut()>| {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        println!("{name}: {:?}", t.elapsed() / n);
    };
    let map = conv_map(&lab.input, &bank, 4, &spec).unwrap();
    {
        let (input, bank) = (lab.input.clone(), bank.clone());
        time(
            "conv_map 256×256×3, F 3",
            20,
            Box::new(move || {
                conv_map(&input, &bank, 4, &spec).unwrap();
            }),
        );
    }
    let m = map.clone();
    time(
        "relu",
        20,
        Box::new(move || {
            relu(&m);
        }),
    );
    let m = map.clone();
    time(
        "pool2",
        20,
        Box::new(move || {
            pool2(&m).unwrap();
        }),
    );
    let mut p = Pipeline::new();
    let t = Instant::now();
    p.run(&lab).unwrap();
    println!("first run (8 maps + FC weights): {:?}", t.elapsed());
    let mut s = lab.clone();
    let n = 30;
    let t = Instant::now();
    for i in 0..n {
        s = s.apply(LabMsg::SlideWeight(0.5 + i as f32 / 50.0)).unwrap();
        p.run(&s).unwrap();
    }
    println!("one weight changed: {:?} per run", t.elapsed() / n);
    let t = Instant::now();
    for i in 0..10 {
        s = s.apply(LabMsg::Stride(2 - i % 2)).unwrap();
        p.run(&s).unwrap();
    }
    println!(
        "stride changed 1 <-> 2 (8 maps, kept after the first two): {:?} per run",
        t.elapsed() / 10
    );
    // A stride not seen yet: read off the kept stride-1 maps, against convolving at it
    // (a pipeline that has never held stride 1).
    let (mut read, mut conv) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let s2 = lab.apply(LabMsg::Stride(2)).unwrap();
    for _ in 0..5 {
        let mut p = Pipeline::new();
        p.run(&lab).unwrap();
        let t = Instant::now();
        p.run(&s2).unwrap();
        read += t.elapsed();
        let mut q = Pipeline::new();
        q.run(&lab.apply(LabMsg::Stride(3)).unwrap()).unwrap();
        let t = Instant::now();
        q.run(&s2).unwrap();
        conv += t.elapsed();
    }
    println!(
        "stride 2 first seen: read off stride 1 {:?}, convolved {:?} per run",
        read / 5,
        conv / 5
    );
}
