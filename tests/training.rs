//! The built-in model is what `sourcelight train` makes from the shared
//! data with the committed code: training is seeded and reproducible, and a
//! change to the features or the rules that is not followed by retraining
//! fails here. Needs ../shared beside the checkout.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_built_in_model_is_reproduced_by_training() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let shared = root.join("../shared");
    assert!(
        shared.join("corpus/labeled_real_dev.json").exists(),
        "../shared is missing: this test retrains the model from the shared corpus beside the checkout"
    );
    let out = std::env::temp_dir().join(format!("sourcelight-train-{}.model", std::process::id()));
    let run = Command::new(env!("CARGO_BIN_EXE_sourcelight"))
        .args(["train", "--shared"])
        .arg(&shared)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("running sourcelight train");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "train failed: {}", String::from_utf8_lossy(&run.stderr));
    assert!(report.contains("cross-validation by page"), "the report: {report}");
    let trained = std::fs::read(&out).expect("the trained model");
    let _ = std::fs::remove_file(&out);
    let built_in = std::fs::read(root.join("src/engine/src/learn/en.model")).expect("src/engine/src/learn/en.model");
    assert!(
        trained == built_in,
        "src/engine/src/learn/en.model is not what `sourcelight train --out src/engine/src/learn/en.model` makes now: retrain and commit it"
    );
}
