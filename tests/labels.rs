//! Our own labeled sentences, phrased differently from the dev set, so that
//! tuning on the dev set cannot pass by memorising it. Each is its own
//! paragraph (no quotation carries over).

use sourcelight_engine::annotation::Label::{self, *};
use sourcelight_engine::learn::LinearModel;
use sourcelight_engine::lexicon::Lexicon;
use sourcelight_engine::{Engine, PageInfo};

const CASES: &[(&str, Label)] = &[
    ("The company announced on Monday that it would cut 300 jobs.", Sourced),
    ("Police said the suspect was arrested near the station.", Sourced),
    ("A spokeswoman for the ministry declined to comment.", Unsourced),
    ("The senator is expected to announce her candidacy next week.", Speculative),
    ("Shares fell 4% in early trading.", Unsourced),
    ("The report, published by the European Environment Agency, shows emissions rose in 2025.", Sourced),
    ("According to a person familiar with the negotiations, the deal could collapse.", Sourced),
    ("The mayor reportedly met with developers in secret.", Speculative),
    ("Analysts say the merger will likely face regulatory scrutiny.", Speculative),
    ("The minister told parliament that the budget was balanced.", Sourced),
    ("It is unclear whether the plan will survive.", Speculative),
    ("The museum will reopen on March 3 after renovations.", Unsourced),
    ("Investigators believe the fire started in the kitchen.", Sourced),
    ("The storm could bring up to 20 centimetres of snow.", Speculative),
    ("Documents obtained by the newspaper reveal that the contract was never signed.", Sourced),
    ("\u{201c}We are doing everything we can,\u{201d} said Fire Chief Ana Morales.", Sourced),
    ("The bill passed the Senate 52 to 48.", Unsourced),
    ("Critics argue the law goes too far.", Speculative),
    ("The drug appears to reduce symptoms in most patients.", Speculative),
    ("Officials have not said when the road will reopen.", Unsourced),
    ("The CEO wrote in a memo to staff that the layoffs were necessary.", Sourced),
    ("Data from the census bureau show the population grew by 2%.", Sourced),
    ("Perhaps the biggest surprise was the turnout.", Speculative),
    ("The agency estimated that 1,200 homes were damaged.", Sourced),
    ("Click here to read the full report.", None),
    ("Prices are projected to fall next year.", Speculative),
    ("The union said in a statement it would appeal.", Sourced),
    ("Witnesses described hearing several loud bangs.", Sourced),
    ("The team has won three of its last four games.", Unsourced),
    ("Who will pay for the repairs?", None),
    ("Researchers found that the vaccine was 90% effective, according to a study published in Nature.", Sourced),
    ("The fire was reported to have started in a storage room.", Speculative),
    ("Flight-tracking data show the jet circled for an hour.", Sourced),
    ("If the talks fail, the strike will continue into next month.", Speculative),
    ("Even if the talks fail, the factory remains open.", Unsourced),
    ("Officials monitor weather forecasts closely in winter.", Unsourced),
    ("The sign outside the shop reads: \u{201c}Closed until further notice.\u{201d}", Sourced),
    ("The station has learned that the mayor will resign.", Sourced),
    ("She learned to play the piano at six.", Unsourced),
    ("\u{201c}Stay calm,\u{201d} instructed the officer at the gate.", Sourced),
    ("The judge instructed the jury to ignore the remark.", Unsourced),
    ("\u{201c}Will the bridge hold?\u{201d} she asks.", Sourced),
    ("Schilling told reporters that the season was over.", Sourced),
    ("King said the vote would be held on Friday.", Sourced),
    ("\u{201c}The circumstances have changed,\u{201d} From said.", Sourced),
    ("The protests weaken the party's claim to a divine right of power.", Unsourced),
    ("The thaw worried Tasos Georgelis, the deputy commissioner for water.", Unsourced),
    ("The mayor worried that the roads would not last the winter.", Sourced),
    ("The console feels far heavier than you'd expect for its size.", Unsourced),
];

fn wrong_of(engine: &Engine) -> Vec<String> {
    let mut wrong = Vec::new();
    for &(text, want) in CASES {
        let a = engine.annotate_text(text, &PageInfo::default());
        let got: Vec<Label> = a.annotations.sentences.iter().map(|s| s.label).collect();
        if got != [want] {
            wrong.push(format!("{text}: want {want:?}, got {got:?}"));
        }
    }
    wrong
}

/// The hand rules, whose evidence the student reads, get every one right.
#[test]
fn own_labeled_sentences_by_the_rules() {
    let wrong = wrong_of(&Engine::with_model(Lexicon::english(), LinearModel::empty(1)));
    println!("own labeled sentences, the rules alone: {}/{} right", CASES.len() - wrong.len(), CASES.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The engine as shipped: the student overrules the rules on a few of
/// these one-sentence texts (BENCHMARKS.md, "Labels": what it costs and
/// what it gains on pages). This holds the line where it stands.
#[test]
fn own_labeled_sentences_by_the_student() {
    let wrong = wrong_of(&Engine::default());
    println!("own labeled sentences, the engine: {}/{} right\n{}", CASES.len() - wrong.len(), CASES.len(), wrong.join("\n"));
    assert!(wrong.len() <= 6, "{}", wrong.join("\n"));
}

/// Who a sentence names as its source, in a paragraph of our own: a name
/// after its description is the speaker, not the clause the verb reports; a
/// pronoun names the latest person, not an organisation or a group quoted
/// since; a phrase that opens the sentence is no name; a verb phrase after
/// a modal is no subject.
#[test]
fn sources_named_as_a_reader_would() {
    let engine = Engine::default();
    let source_of = |text: &str, n: usize| {
        let a = engine.annotate_text(text, &PageInfo::default());
        a.annotations.sentences.get(n).and_then(|s| s.source.as_ref()).map(|s| s.text.clone())
    };
    let text = "Her mother, Fiona, said the tablets were sold online. West Mercia police said an inquiry was open. \
                The Food Standards Agency warned buyers. “She never understood the danger,” she said.";
    assert_eq!(source_of(text, 0).as_deref(), Some("Her mother, Fiona"));
    assert_eq!(source_of(text, 3).as_deref(), Some("Her mother, Fiona"));
    let text = "His lawyer, Sonya Zoghlin, said the case was weak.";
    assert_eq!(source_of(text, 0).as_deref(), Some("His lawyer, Sonya Zoghlin"));
    let text = "Joe Carbone, who works for the city, said the roads were worn. Simply put, more frost means more potholes, he said.";
    assert_eq!(source_of(text, 1).as_deref(), Some("Joe Carbone, who works for the city"));
    let text = "A publicist for Thicke's son, Robin, said the actor suffered a heart attack in Los Angeles.";
    assert_eq!(source_of(text, 0).as_deref(), Some("a publicist for Thicke's son, Robin"));
    let text = "Today, many programmers leave science because coding is better paid in industry, said Alyssa Goodman, an astronomer at Harvard.";
    assert_eq!(source_of(text, 0).as_deref(), Some("Alyssa Goodman, an astronomer at Harvard"));
    let text = "Rates could also overshoot the budget office forecast.";
    assert_eq!(source_of(text, 0), Option::None);
}
