//! The seeded generator: known SplitMix64 outputs, ranges and rough distribution.

use convscope::cnn::SplitMix64;

#[test]
fn known_splitmix64_sequence() {
    // The reference sequence for seed 0 (Vigna's splitmix64.c).
    let mut r = SplitMix64::new(0);
    assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
    assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
    // Clones continue identically.
    let mut a = SplitMix64::new(42);
    a.next_u64();
    let mut b = a.clone();
    assert_eq!(a.next_u64(), b.next_u64());
}

#[test]
fn uniform_ranges() {
    let mut r = SplitMix64::new(7);
    let mut seen = [false; 5];
    for _ in 0..10_000 {
        let f = r.next_f64();
        assert!((0.0..1.0).contains(&f));
        let i = r.int_in(-2, 2);
        assert!((-2..=2).contains(&i));
        seen[(i + 2) as usize] = true;
        // Swapped bounds are accepted.
        assert!((-2..=2).contains(&r.int_in(2, -2)));
    }
    assert!(seen.iter().all(|&s| s));
    assert_eq!(r.int_in(3, 3), 3);
    let extreme = r.int_in(i32::MIN, i32::MAX);
    let _ = extreme;
    assert_eq!(SplitMix64::new(5).int_in(i32::MAX, i32::MAX), i32::MAX);
}

#[test]
fn gaussian_is_roughly_normal_and_deterministic() {
    let mut r = SplitMix64::new(1);
    let n = 20_000;
    let xs: Vec<f64> = (0..n).map(|_| r.gaussian(3.0, 2.0)).collect();
    assert!(xs.iter().all(|x| x.is_finite()));
    let mean = xs.iter().sum::<f64>() / n as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
    assert!((mean - 3.0).abs() < 0.05, "{mean}");
    assert!((var.sqrt() - 2.0).abs() < 0.05, "{var}");
    let again: Vec<f64> = {
        let mut r = SplitMix64::new(1);
        (0..n).map(|_| r.gaussian(3.0, 2.0)).collect()
    };
    assert_eq!(xs, again);
}
