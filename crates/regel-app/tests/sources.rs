//! The text a front end sets over what it read (an editor's open document, the API's
//! `source.set`), and the order versions follow when one is compared with the one before.
#![allow(clippy::unwrap_used)]

use regel_app::Policies;

fn version(name: &str) -> regel_app::VersionFiles {
    let header = format!(
        "version \"{name}\" {{ title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\"] }}\nsection \"1\" \"Ett\"\n"
    );
    (name.into(), vec![(format!("{name}/a.regel"), header)])
}

fn text(policies: &Policies, version: &str, path: &str) -> Option<String> {
    let v = policies.named(version)?;
    let file = policies.file(v, path)?;
    Some(file.text(&policies.db).clone())
}

#[test]
fn a_set_source_replaces_a_files_text_or_adds_the_file_and_its_version() {
    let mut policies = Policies::new(vec![version("2023")]);
    policies.set_source("2023", "2023/a.regel", "// edited\n".into());
    assert_eq!(
        text(&policies, "2023", "2023/a.regel").as_deref(),
        Some("// edited\n")
    );
    let (v, _) = policies.set_source("2023", "2023/b.regel", "// new\n".into());
    assert_eq!(v.files(&policies.db).len(), 2);
    let (new, file) = policies.set_source("2024", "2024/a.regel", "// draft\n".into());
    assert_eq!(policies.names(), ["2023", "2024"]);
    assert_eq!(policies.name(new), "2024");
    policies.remove_file(new, file);
    assert!(text(&policies, "2024", "2024/a.regel").is_none());
}

#[test]
fn the_previous_version_is_the_one_whose_folder_sorts_just_before() {
    let mut policies = Policies::new(vec![version("2100"), version("9"), version("10")]);
    policies.set_source("2023b", "2023b/a.regel", String::new());
    let names = |vs: Vec<regel_compiler::Version>| -> Vec<String> {
        vs.iter().map(|v| policies.name(*v).to_owned()).collect()
    };
    assert_eq!(names(policies.in_order()), ["9", "10", "2023b", "2100"]);
    let previous = |name: &str| {
        let v = policies.named(name).unwrap();
        policies.previous(v).map(|p| policies.name(p).to_owned())
    };
    assert_eq!(previous("2100").as_deref(), Some("2023b"));
    assert_eq!(previous("10").as_deref(), Some("9"));
    assert_eq!(previous("9"), None);
}
