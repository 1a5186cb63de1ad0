//! Deterministic, fictional demo data of any size.
//! Every person, address, phone number, court case and institution here is invented.
//! The register is built in two passes: first a blueprint per family (status, dates,
//! assistant, the statutory situation it should show on `today`), then the records.
//! Each family draws from its own pseudo-random stream, so the work is linear in the
//! number of families and visits.

use chrono::{Datelike, Months, NaiveDate, NaiveTime, TimeDelta};

use crate::domain::caseload::STATUTORY_LIMIT;
use crate::domain::dates::add_months;
use crate::domain::pesel::Pesel;
use crate::domain::{
    ActionStatus, Assessment, ChildPlanLink, Closure, ClosureReason, Consultation, Cooperation,
    CourtRequest, Dataset, Family, FamilyFlags, FamilyStatus, FosterForm, FosterPlacement, Goal,
    GoalArea, GoalProgress, Id, InstitutionKind, Member, MemberRole, PlanAction, Recommendation,
    Role, SocialWorkerRef, Staff, StatusChange, Visit, VisitKind, VisitPlace, VisitRecord,
    VisitStatus, WorkPlan,
};

/// Size and seed of a generated register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    /// Number of families in the register.
    pub families: usize,
    /// Years of visit history before today.
    pub years: u32,
    /// Seed of the pseudo-random stream.
    pub seed: u64,
}

impl Default for DemoSpec {
    fn default() -> Self {
        DemoSpec {
            families: 40,
            years: 1,
            seed: 2026,
        }
    }
}

/// Generates a register as of `today`.
pub fn generate(spec: &DemoSpec, today: NaiveDate) -> Dataset {
    let counts = Counts::new(spec);
    let mut staff_rng = Rng::new(spec.seed ^ 0x5EED_57AF_F000_0001);
    let staff = StaffList::new(&counts, spec.families, &mut staff_rng);
    let mut blueprints = blueprints(spec, &counts, &staff.assistants, &mut staff_rng, today);
    // Ids and case numbers follow the order of referral, as in a real register.
    blueprints.sort_by_key(|b| (b.referral, b.index));

    let mut builder = Builder {
        today,
        visits_from: plus(today, -365 * i64::from(spec.years.min(MAX_YEARS))),
        ds: Dataset {
            staff: staff.records,
            ..Dataset::default()
        },
        social_workers: staff.social_workers,
    };
    let mut case_year = (i32::MIN, 0u32);
    for (i, bp) in blueprints.into_iter().enumerate() {
        let year = bp.referral.year();
        case_year = if case_year.0 == year {
            (year, case_year.1 + 1)
        } else {
            (year, 1)
        };
        let case_number = format!("AR/{year}/{:03}", case_year.1);
        builder.family(i as Id + 1, case_number, bp);
    }
    builder.ds
}

/// Longest visit history generated, whatever the spec asks (keeps dates in range).
const MAX_YEARS: u32 = 100;

/// The statute's caseload limit as a count.
const LIMIT: usize = STATUTORY_LIMIT as usize;

/// Per-mille share of `n`, rounded half up.
fn share(n: usize, per_mille: usize) -> usize {
    ((n as u128 * per_mille as u128 + 500) / 1000) as usize
}

// ---------------------------------------------------------------------------------
// Pseudo-random numbers

/// splitmix64 (Steele, Lea and Flood, 2014). Hand-written rather than taken from a
/// crate: a crate's stream may change between versions, and the demo must stay
/// identical for snapshot tests.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (the modulo bias is far below anything a demo shows).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.wrapping_add((self.next_u64() % span) as i64)
    }

    /// True with the given percentage.
    fn percent(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }

    /// An index below `n` (0 for an empty range).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// One item of a non-empty constant pool.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One text of a constant pool, owned.
    fn text(&mut self, items: &[&str]) -> String {
        self.pick(items).to_string()
    }

    /// Fisher–Yates shuffle.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------
// Dates that saturate instead of panicking at the ends of the calendar

fn plus(date: NaiveDate, days: i64) -> NaiveDate {
    TimeDelta::try_days(days)
        .and_then(|d| date.checked_add_signed(d))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

fn months_back(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    plus(date, -i64::from(date.weekday().num_days_from_monday()))
}

/// Fixed-date public holidays in Poland (and Christmas Eve, a day off since 2025). The
/// movable feasts are left out: the demo only has to avoid the obvious days off.
fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1)
            | (1, 6)
            | (5, 1)
            | (5, 3)
            | (8, 15)
            | (11, 1)
            | (11, 11)
            | (12, 24)
            | (12, 25)
            | (12, 26)
    )
}

fn time(minutes: u32) -> NaiveTime {
    NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0).unwrap_or(NaiveTime::MIN)
}

// ---------------------------------------------------------------------------------
// Fictional names, places and texts

const FEMALE_NAMES: &[&str] = &[
    "Anna",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Monika",
    "Justyna",
    "Beata",
    "Dorota",
    "Jolanta",
    "Łucja",
    "Żaneta",
    "Urszula",
    "Bożena",
    "Grażyna",
    "Paulina",
    "Marta",
    "Natalia",
    "Karolina",
    "Sylwia",
    "Iwona",
    "Renata",
    "Elżbieta",
    "Jadwiga",
    "Halina",
    "Edyta",
    "Kinga",
];
const MALE_NAMES: &[&str] = &[
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Marcin",
    "Grzegorz",
    "Łukasz",
    "Mariusz",
    "Jarosław",
    "Wojciech",
    "Sławomir",
    "Zbigniew",
    "Przemysław",
    "Bogusław",
    "Dariusz",
    "Robert",
    "Mirosław",
    "Jacek",
    "Kamil",
    "Rafał",
    "Adrian",
    "Sebastian",
    "Radosław",
    "Leszek",
];
const GIRL_NAMES: &[&str] = &[
    "Zuzanna", "Julia", "Zofia", "Hanna", "Maja", "Lena", "Alicja", "Oliwia", "Amelia", "Wiktoria",
    "Łucja", "Gabriela", "Antonina", "Pola", "Nadia", "Laura", "Jagoda", "Milena", "Iga", "Róża",
];
const BOY_NAMES: &[&str] = &[
    "Jakub",
    "Antoni",
    "Jan",
    "Szymon",
    "Franciszek",
    "Filip",
    "Aleksander",
    "Mikołaj",
    "Kacper",
    "Adam",
    "Stanisław",
    "Ignacy",
    "Wiktor",
    "Oskar",
    "Tymon",
    "Bartosz",
    "Igor",
    "Nikodem",
    "Miłosz",
    "Józef",
];
/// Surnames as (male, female) forms; staff surnames are left out to avoid confusion.
const SURNAMES: &[(&str, &str)] = &[
    ("Wiśniewski", "Wiśniewska"),
    ("Żak", "Żak"),
    ("Łukasiewicz", "Łukasiewicz"),
    ("Ślęzak", "Ślęzak"),
    ("Kołodziej", "Kołodziej"),
    ("Wójcik", "Wójcik"),
    ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"),
    ("Zając", "Zając"),
    ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"),
    ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"),
    ("Krawczyk", "Krawczyk"),
    ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"),
    ("Pawłowski", "Pawłowska"),
    ("Michalski", "Michalska"),
    ("Król", "Król"),
    ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"),
    ("Wróbel", "Wróbel"),
    ("Nowicki", "Nowicka"),
    ("Majewski", "Majewska"),
    ("Olszewski", "Olszewska"),
    ("Stępień", "Stępień"),
    ("Jaworski", "Jaworska"),
    ("Malinowski", "Malinowska"),
    ("Górski", "Górska"),
    ("Sikora", "Sikora"),
    ("Baran", "Baran"),
    ("Rutkowski", "Rutkowska"),
    ("Michalak", "Michalak"),
    ("Szewczyk", "Szewczyk"),
    ("Ostrowski", "Ostrowska"),
    ("Tomaszewski", "Tomaszewska"),
    ("Pietrzak", "Pietrzak"),
    ("Wróblewski", "Wróblewska"),
    ("Jasiński", "Jasińska"),
    ("Zawadzki", "Zawadzka"),
    ("Bąk", "Bąk"),
    ("Chmielewski", "Chmielewska"),
    ("Włodarczyk", "Włodarczyk"),
    ("Sobczak", "Sobczak"),
    ("Czarnecki", "Czarnecka"),
    ("Sawicki", "Sawicka"),
    ("Kubiak", "Kubiak"),
    ("Głowacki", "Głowacka"),
    ("Błaszczyk", "Błaszczyk"),
    ("Gołębiowski", "Gołębiowska"),
    ("Żukowski", "Żukowska"),
    ("Świątek", "Świątek"),
    ("Śliwiński", "Śliwińska"),
    ("Łuczak", "Łuczak"),
    ("Kaczmarek", "Kaczmarek"),
    ("Grzelak", "Grzelak"),
    ("Pająk", "Pająk"),
    ("Cieślak", "Cieślak"),
    ("Źrałek", "Źrałek"),
];
const TOWN: &str = "Zielonowo";
const STREETS: &[&str] = &[
    "Lipowa",
    "Klonowa",
    "Słoneczna",
    "Żeromskiego",
    "Kościuszki",
    "Ogrodowa",
    "Łąkowa",
    "Źródlana",
    "Polna",
    "Wiśniowa",
    "Kwiatowa",
    "Szkolna",
    "Spółdzielcza",
    "Młyńska",
    "Świerkowa",
    "Górna",
    "Krótka",
    "Jaśminowa",
    "Żurawia",
];
/// Villages of the fictional commune, each with its own postal code.
const VILLAGES: &[(&str, &str)] = &[
    ("Brzozówka", "99-301"),
    ("Dębowiec Mały", "99-302"),
    ("Łęczyca Zielona", "99-303"),
];
const KURATORS: &[&str] = &[
    "Tomasz Wilk",
    "Renata Sowa",
    "Jerzy Kruk",
    "Alina Czapla",
    "Stefan Gil",
];
const COORDINATORS: &[&str] = &[
    "Beata Czajka",
    "Marta Szczygieł",
    "Leszek Gawron",
    "Iwona Sikorka",
];

const NOTES: &[&str] = &[
    "Skierowanie z powodu trudności opiekuńczo-wychowawczych.",
    "Rodzina zadłużona, zagrożona eksmisją.",
    "Matka samotnie wychowuje dzieci, brak wsparcia dalszej rodziny.",
    "Trudności szkolne dzieci, częste nieobecności.",
    "Skierowanie po interwencji dzielnicowego.",
    "",
];
const STRENGTHS: &[&str] = &[
    "Rodzice są zaangażowani w opiekę nad dziećmi i chętnie współpracują.",
    "Silna więź matki z dziećmi; wsparcie babci.",
    "Ojciec pracuje; rodzina ma stabilne mieszkanie.",
    "Matka otwarcie mówi o trudnościach i przyjmuje pomoc.",
    "Dzieci dobrze funkcjonują w szkole; rodzina ma dobre relacje z sąsiadami.",
];
const PROBLEMS: &[&str] = &[
    "Zadłużenie czynszowe i brak planowania wydatków.",
    "Trudności wychowawcze ze starszym synem, wagary.",
    "Niewydolność opiekuńczo-wychowawcza, zaniedbania higieniczne.",
    "Nadużywanie alkoholu przez ojca, konflikty w rodzinie.",
    "Bezrobocie obojga rodziców, izolacja społeczna.",
    "Zaległości w leczeniu i szczepieniach dzieci.",
];
const NOT_DONE: &[&str] = &[
    "Matka nie zgłosiła się w umówionym terminie.",
    "Brak miejsc w poradni; rodzina zapisana na listę oczekujących.",
    "Rodzina zrezygnowała z tego działania.",
    "Działanie nieaktualne po zmianie sytuacji rodziny.",
];

/// Goal templates: area, goal texts, and actions as (what, who, expected effect).
struct GoalTemplate {
    area: GoalArea,
    goals: &'static [&'static str],
    actions: &'static [(&'static str, &'static str, &'static str)],
}

const GOALS: &[GoalTemplate] = &[
    GoalTemplate {
        area: GoalArea::Budget,
        goals: &[
            "Rodzina samodzielnie planuje domowy budżet.",
            "Spłata zaległości czynszowych.",
        ],
        actions: &[
            (
                "Prowadzenie zeszytu wydatków",
                "matka",
                "Rodzina zna swoje miesięczne wydatki",
            ),
            (
                "Ustalenie harmonogramu spłaty zadłużenia ze spółdzielnią",
                "matka z asystentem",
                "Podpisane porozumienie o spłacie",
            ),
            (
                "Złożenie wniosku o dodatek mieszkaniowy",
                "ojciec",
                "Przyznany dodatek mieszkaniowy",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::Upbringing,
        goals: &[
            "Rodzice konsekwentnie stosują ustalone zasady wychowawcze.",
            "Poprawa opieki nad młodszymi dziećmi.",
        ],
        actions: &[
            (
                "Udział w warsztatach umiejętności wychowawczych",
                "matka",
                "Ukończony cykl warsztatów",
            ),
            (
                "Wprowadzenie stałego planu dnia dzieci",
                "rodzice",
                "Dzieci kładą się spać o stałej porze",
            ),
            (
                "Ćwiczenie sposobów reagowania na trudne zachowania",
                "asystent rodziny z matką",
                "Mniej konfliktów w domu",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::Health,
        goals: &[
            "Dzieci mają aktualne szczepienia i bilanse zdrowia.",
            "Matka podejmuje leczenie.",
        ],
        actions: &[
            (
                "Umówienie bilansu zdrowia u lekarza rodzinnego",
                "matka",
                "Wykonany bilans",
            ),
            (
                "Uzupełnienie zaległych szczepień",
                "matka",
                "Aktualny kalendarz szczepień",
            ),
            (
                "Zgłoszenie się do poradni zdrowia psychicznego",
                "matka",
                "Rozpoczęta terapia",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::Housekeeping,
        goals: &["Utrzymanie porządku i higieny w mieszkaniu."],
        actions: &[
            (
                "Ustalenie podziału obowiązków domowych",
                "rodzina",
                "Grafik obowiązków w widocznym miejscu",
            ),
            (
                "Urządzenie kącika do nauki dla dzieci",
                "rodzice",
                "Dzieci mają miejsce do odrabiania lekcji",
            ),
            (
                "Wspólne przygotowywanie posiłków",
                "asystent rodziny z matką",
                "Regularne ciepłe posiłki",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::OfficialMatters,
        goals: &["Uregulowanie spraw urzędowych rodziny."],
        actions: &[
            (
                "Wyrobienie dowodu osobistego",
                "ojciec",
                "Ważny dowód osobisty",
            ),
            (
                "Złożenie wniosku o świadczenie rodzinne",
                "matka",
                "Decyzja o przyznaniu świadczenia",
            ),
            (
                "Rejestracja w powiatowym urzędzie pracy",
                "matka",
                "Status osoby bezrobotnej i ubezpieczenie zdrowotne",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::EducationWork,
        goals: &[
            "Podjęcie zatrudnienia przez rodzica.",
            "Regularne uczęszczanie dzieci do szkoły.",
        ],
        actions: &[
            (
                "Przygotowanie CV i listu motywacyjnego",
                "asystent rodziny z matką",
                "Gotowe dokumenty aplikacyjne",
            ),
            (
                "Udział w kursie zawodowym",
                "ojciec",
                "Zaświadczenie o ukończeniu kursu",
            ),
            (
                "Comiesięczny kontakt z wychowawcą klasy",
                "matka",
                "Frekwencja powyżej 90%",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::ChildSupport,
        goals: &["Wyrównanie zaległości szkolnych dzieci."],
        actions: &[
            (
                "Zapisanie syna na zajęcia wyrównawcze",
                "matka",
                "Poprawa ocen na półrocze",
            ),
            (
                "Badanie w poradni psychologiczno-pedagogicznej",
                "matka z asystentem",
                "Opinia poradni i zalecenia",
            ),
            (
                "Zapisanie dzieci do świetlicy środowiskowej",
                "rodzice",
                "Dzieci spędzają popołudnia pod opieką",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::Safety,
        goals: &["Zapewnienie dzieciom bezpieczeństwa w domu."],
        actions: &[
            (
                "Opracowanie planu bezpieczeństwa",
                "asystent rodziny z matką",
                "Matka wie, gdzie szukać pomocy",
            ),
            (
                "Udział w spotkaniach grupy roboczej zespołu interdyscyplinarnego",
                "matka",
                "Realizowane ustalenia grupy",
            ),
            (
                "Podjęcie terapii uzależnień",
                "ojciec",
                "Zaświadczenie o uczestnictwie w terapii",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::Psychological,
        goals: &["Wzmocnienie poczucia własnej wartości i motywacji do zmian."],
        actions: &[
            (
                "Konsultacje u psychologa",
                "matka",
                "Regularne spotkania z psychologiem",
            ),
            (
                "Udział w grupie wsparcia",
                "matka",
                "Udział w co najmniej sześciu spotkaniach",
            ),
        ],
    },
    GoalTemplate {
        area: GoalArea::SocialActivity,
        goals: &["Rozwijanie kontaktów rodziny ze środowiskiem."],
        actions: &[
            (
                "Udział w rodzinnym pikniku świetlicy",
                "rodzina",
                "Nawiązane kontakty z innymi rodzinami",
            ),
            (
                "Zapisanie córki na zajęcia sportowe",
                "matka",
                "Córka regularnie uczęszcza na zajęcia",
            ),
        ],
    },
];

/// The goal of every plan of a family whose child is in foster care.
const FOSTER_GOAL: GoalTemplate = GoalTemplate {
    area: GoalArea::Upbringing,
    goals: &["Przygotowanie rodziny do powrotu dziecka z pieczy zastępczej."],
    actions: &[
        (
            "Regularne odwiedziny dziecka w rodzinie zastępczej",
            "matka",
            "Kontakty co najmniej raz w tygodniu",
        ),
        (
            "Przygotowanie miejsca do spania i nauki dla dziecka",
            "rodzice",
            "Pokój gotowy na powrót dziecka",
        ),
        (
            "Udział w spotkaniach z koordynatorem pieczy zastępczej",
            "matka z asystentem",
            "Wspólne ustalenia co do powrotu",
        ),
    ],
};

const SINCE_LAST: &[&str] = &[
    "Matka zapisała się do lekarza rodzinnego.",
    "Rodzina opłaciła zaległy czynsz za dwa miesiące.",
    "Dzieci regularnie chodziły do szkoły.",
    "Matka złożyła wniosek o świadczenie wychowawcze.",
    "Ojciec podjął pracę dorywczą.",
    "Rodzina nie wykonała ustalonych zadań; matka tłumaczy to chorobą.",
    "Starszy syn dostał dwie oceny niedostateczne z matematyki.",
    "Matka była na spotkaniu grupy wsparcia.",
    "Pokój dzieci uporządkowano zgodnie z ustaleniami.",
    "Złożono dokumenty w urzędzie pracy.",
    "Zeszyt wydatków prowadzony na bieżąco.",
];
const DONE_NOW: &[&str] = &[
    "Rozmowa o planie wydatków na kolejny miesiąc; wspólnie sporządzono listę zakupów.",
    "Ćwiczenie sposobów reagowania na trudne zachowania dziecka.",
    "Pomoc w wypełnieniu wniosku o dodatek mieszkaniowy.",
    "Omówienie postępów w realizacji planu pracy.",
    "Wspólne przygotowanie posiłku i rozmowa o zdrowym żywieniu.",
    "Rozmowa z matką o organizacji dnia i porze snu dzieci.",
    "Pomoc młodszej córce w odrabianiu lekcji, rozmowa z matką o nauce.",
    "Rozmowa motywująca do kontynuowania terapii.",
    "Omówienie sytuacji w szkole po rozmowie z wychowawczynią.",
    "Ustalenie terminu wizyty w poradni psychologiczno-pedagogicznej.",
];
const DONE_PHONE: &[&str] = &[
    "Rozmowa telefoniczna: przypomnienie o terminie w poradni.",
    "Rozmowa telefoniczna o samopoczuciu matki i sytuacji dzieci.",
    "Telefoniczne ustalenie terminu kolejnej wizyty.",
];
const DONE_ACCOMPANY: &[&str] = &[
    "Towarzyszenie matce w urzędzie pracy przy rejestracji.",
    "Towarzyszenie w wizycie u lekarza rodzinnego z najmłodszym dzieckiem.",
    "Towarzyszenie w spółdzielni mieszkaniowej przy podpisaniu porozumienia o spłacie.",
];
const DONE_OTHER: &[&str] = &[
    "Zajęcia grupowe dla rodziców: budżet domowy.",
    "Konsultacja w biurze: omówienie dokumentów do sądu.",
    "Interwencja po zgłoszeniu awantury; rozmowa z matką, ustalenie planu bezpieczeństwa.",
];
const TASKS: &[&str] = &[
    "Matka: opłacić rachunek za prąd do piątku. Asystent: umówić wizytę w poradni.",
    "Rodzina: prowadzić zeszyt wydatków.",
    "Matka: zapisać syna na zajęcia w świetlicy.",
    "Ojciec: dostarczyć zaświadczenie z urzędu pracy.",
    "Asystent: skontaktować się z pedagogiem szkolnym.",
    "Matka: umówić szczepienie najmłodszego dziecka.",
    "Rodzina: trzymać się ustalonego planu dnia.",
    "Asystent: przygotować informację o stypendium szkolnym.",
];
const CANCELLED: &[&str] = &[
    "Wizyta odwołana telefonicznie przez matkę (choroba dziecka).",
    "Wizyta odwołana przez asystenta (szkolenie).",
    "Rodzina poprosiła o przełożenie spotkania.",
];
const ABSENT: &[&str] = &[
    "Nikogo nie zastano w domu. Zostawiono kartkę z numerem telefonu.",
    "Drzwi nikt nie otworzył; matka nie odbiera telefonu.",
];
const MONITORING: &[&str] = &[
    "Monitorowanie po zakończeniu pracy: rodzina radzi sobie samodzielnie.",
    "Monitorowanie: dzieci chodzą do szkoły, rachunki opłacone.",
    "Monitorowanie: matka zgłasza drobne trudności, przekazano kontakt do poradni.",
];
const CHANGES: &[&str] = &[
    "Matka podjęła pracę w niepełnym wymiarze.",
    "Rodzina spłaciła część zadłużenia.",
    "Bez istotnych zmian w składzie i sytuacji rodziny.",
    "Ojciec wyprowadził się z mieszkania.",
    "Dzieci zmieniły szkołę po przeprowadzce.",
];
const CHILD_SAFETY: &[&str] = &[
    "Dzieci zadbane, bezpieczne, regularnie chodzą do szkoły.",
    "Bez zagrożeń dla bezpieczeństwa dzieci; poprawa higieny.",
    "Sytuacja dzieci wymaga dalszej obserwacji.",
];
const COOPERATION: &[&str] = &[
    "Rodzina współpracuje chętnie i wykonuje ustalenia.",
    "Współpraca nieregularna, zdarzają się odwołane wizyty.",
    "Dobra współpraca matki, ojciec unika spotkań.",
];
const RESOURCES: &[&str] = &[
    "Zasoby: zaangażowanie matki, wsparcie dalszej rodziny. Ryzyko: zadłużenie.",
    "Zasoby: stała praca ojca. Ryzyko: nawroty picia.",
    "Zasoby: dobra relacja z wychowawczynią. Ryzyko: izolacja rodziny.",
];

/// Closure reasons of monitored families, in turn, so that every reason shows up.
fn monitoring_reason(i: usize) -> ClosureReason {
    match i % 7 {
        0 | 3 => ClosureReason::GoalsAchieved,
        1 => ClosureReason::FamilyResigned,
        2 => ClosureReason::ChildPlacedInFosterCare,
        4 => ClosureReason::MovedOut,
        5 => ClosureReason::NoCooperation,
        _ => ClosureReason::Other("Rodzina objęta wsparciem innej instytucji.".to_string()),
    }
}

/// Closure reasons of closed families, in turn.
fn closed_reason(i: usize) -> ClosureReason {
    match i % 4 {
        0 | 2 => ClosureReason::GoalsAchieved,
        1 => ClosureReason::MovedOut,
        _ => ClosureReason::NoCooperation,
    }
}

fn closure_summary(reason: &ClosureReason) -> &'static str {
    match reason {
        ClosureReason::GoalsAchieved => {
            "Cele planu osiągnięte: rodzina samodzielnie prowadzi budżet, dzieci pod dobrą opieką."
        }
        ClosureReason::FamilyResigned => {
            "Rodzina zrezygnowała ze wsparcia asystenta; pouczona o możliwości powrotu."
        }
        ClosureReason::NoCooperation => {
            "Brak współpracy mimo wielu prób kontaktu; poinformowano pracownika socjalnego."
        }
        ClosureReason::MovedOut => {
            "Rodzina wyprowadziła się poza gminę; przekazano informację do właściwego ośrodka."
        }
        ClosureReason::ChildPlacedInFosterCare => {
            "Sąd umieścił dziecko w pieczy zastępczej; dalsza praca w koordynacji z PCPR."
        }
        ClosureReason::Other(_) => "Zakończenie pracy z innej przyczyny, opisanej w dokumentacji.",
    }
}

// ---------------------------------------------------------------------------------
// Staff

/// How many families of each status the register holds.
struct Counts {
    active: usize,
    monitoring: usize,
    closed: usize,
    referred: usize,
    assistants: usize,
}

impl Counts {
    fn new(spec: &DemoSpec) -> Self {
        let n = spec.families;
        // Longer histories hold more families whose work ended long ago.
        let closed_per_mille = (50 * spec.years.max(1) as usize).min(400);
        let referred = share(n, 25).min(n);
        let monitoring = share(n, 150).min(n - referred);
        let closed = share(n, closed_per_mille).min(n - referred - monitoring);
        let active = n - referred - monitoring - closed;
        Counts {
            active,
            monitoring,
            closed,
            referred,
            assistants: active.div_ceil(LIMIT).max(3),
        }
    }

    /// Active families per assistant: 14, 10, 7, 14, 10, 7… topped up or trimmed
    /// to the number of active families, never above the statutory limit.
    fn loads(&self) -> Vec<usize> {
        let mut loads: Vec<usize> = (0..self.assistants).map(|i| [14, 10, 7][i % 3]).collect();
        let mut sum: usize = loads.iter().sum();
        // Top up round robin from the second assistant, so the first keeps 14 when it can.
        let mut i = 1;
        while sum < self.active {
            let a = i % self.assistants;
            if loads[a] < LIMIT {
                loads[a] += 1;
                sum += 1;
            }
            i += 1;
        }
        let mut i = self.assistants;
        while sum > self.active {
            i = if i == 0 { self.assistants - 1 } else { i - 1 };
            if loads[i] > 0 {
                loads[i] -= 1;
                sum -= 1;
            }
        }
        loads
    }
}

/// The staff records and what the families need to know about them.
struct StaffList {
    records: Vec<Staff>,
    assistants: Vec<Id>,
    social_workers: Vec<SocialWorkerRef>,
}

impl StaffList {
    fn new(counts: &Counts, families: usize, rng: &mut Rng) -> Self {
        let mut records = Vec::new();
        let mut push = |login: String, name: String, role: Role| {
            let id = records.len() as Id + 1;
            records.push(Staff {
                id,
                login,
                name,
                role,
                active: true,
                stand_ins: Vec::new(),
            });
            id
        };
        let named = [
            ("akowalska", "Anna Kowalska"),
            ("mnowak", "Marek Nowak"),
            ("pzielinski", "Piotr Zieliński"),
        ];
        let mut assistants = Vec::with_capacity(counts.assistants);
        for i in 0..counts.assistants {
            let (login, name) = match named.get(i) {
                Some((login, name)) => (login.to_string(), name.to_string()),
                None => (
                    format!("asystent{:02}", i - named.len() + 1),
                    person_name(rng),
                ),
            };
            assistants.push(push(login, name, Role::Assistant));
        }
        push("kierownik".into(), "Ewa Dąbrowska".into(), Role::Supervisor);
        let mut social_workers = Vec::new();
        let extra = families.saturating_sub(40) / 120;
        for i in 0..2 + extra {
            let (login, name) = match i {
                0 => ("ps.lis".to_string(), "Joanna Lis".to_string()),
                1 => ("ps.wrona".to_string(), "Katarzyna Wrona".to_string()),
                _ => (format!("ps{:02}", i + 1), person_name(rng)),
            };
            push(login, name.clone(), Role::SocialWorker);
            social_workers.push(SocialWorkerRef {
                name,
                phone: format!("600 100 {}", 101 + i % 99),
            });
        }
        StaffList {
            records,
            assistants,
            social_workers,
        }
    }
}

/// A fictional adult's full name with a correctly gendered surname.
fn person_name(rng: &mut Rng) -> String {
    let (male, female) = rng.pick(SURNAMES);
    if rng.percent(70) {
        format!("{} {female}", rng.pick(FEMALE_NAMES))
    } else {
        format!("{} {male}", rng.pick(MALE_NAMES))
    }
}

// ---------------------------------------------------------------------------------
// Blueprints

/// What the plan records of an active family should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlanRole {
    Normal,
    /// No plan yet, with the deadline overdue.
    MissingOverdue,
    /// No plan yet, started recently: due soon.
    MissingSoon,
    /// A plan without the social worker's consultation.
    NoConsultation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FosterRole {
    None,
    /// A child in foster care; `linked` says whether the plan is coordinated with the child's plan.
    Current {
        linked: bool,
    },
    /// A child that was in foster care and has returned home.
    Returned,
    /// A child placed in foster care at closure.
    PlacedAtClosure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CourtRole {
    None,
    /// The open request every demo shows: received three weeks ago, due in ten days.
    Open,
    /// Any other request, open or delivered.
    Other,
}

/// When the next periodic assessment of an active family falls, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AssessmentDue {
    Overdue,
    Soon,
    Later,
}

/// The special situations spread over the active families, in blocks of positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    NoPlanOverdue,
    NoPlanSoon,
    AssessmentOverdue,
    AssessmentSoon,
    FosterUnlinked,
    FosterLinked,
    FosterReturned,
    NoConsultation,
    CourtOpen,
    CourtOther,
}

/// Sizes of the blocks of special situations, scaled from the default 31 active families.
fn special_blocks(active: usize, families: usize) -> Vec<(Special, usize)> {
    let scaled = |k: usize| {
        if active == 0 {
            0
        } else {
            ((k * active + 15) / 31).max(1)
        }
    };
    let courts = if active == 0 {
        0
    } else {
        families.div_ceil(40).max(1)
    };
    vec![
        (Special::NoPlanOverdue, scaled(2)),
        (Special::NoPlanSoon, scaled(1)),
        (Special::AssessmentOverdue, scaled(4)),
        (Special::AssessmentSoon, scaled(3)),
        (Special::FosterUnlinked, 1),
        (Special::FosterLinked, scaled(1)),
        (Special::FosterReturned, scaled(1)),
        (Special::NoConsultation, scaled(2)),
        (Special::CourtOpen, courts.min(1)),
        (Special::CourtOther, courts.saturating_sub(1)),
    ]
}

/// A family before its records exist.
struct Blueprint {
    /// Position of generation; seeds the family's stream and breaks ties in sorting.
    index: usize,
    rng: Rng,
    /// Index into SURNAMES, dealt from a shuffled deck so that names rarely repeat.
    surname: usize,
    status: FamilyStatus,
    assistant: Option<Id>,
    /// Position of the family in its assistant's caseload: sets the usual visit slot.
    slot: usize,
    referral: NaiveDate,
    started: Option<NaiveDate>,
    closure: Option<Closure>,
    assessments: Vec<NaiveDate>,
    plan: PlanRole,
    foster: FosterRole,
    court: CourtRole,
}

fn blueprints(
    spec: &DemoSpec,
    counts: &Counts,
    assistant_ids: &[Id],
    staff_rng: &mut Rng,
    today: NaiveDate,
) -> Vec<Blueprint> {
    let years = spec.years.min(MAX_YEARS);
    let mut out = Vec::with_capacity(spec.families);
    let family_rng = |index: usize| {
        let mut rng = Rng::new(spec.seed ^ (index as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next_u64();
        rng
    };
    let blank = |index: usize, status| Blueprint {
        index,
        rng: family_rng(index),
        surname: 0,
        status,
        assistant: None,
        slot: 0,
        referral: today,
        started: None,
        closure: None,
        assessments: Vec::new(),
        plan: PlanRole::Normal,
        foster: FosterRole::None,
        court: CourtRole::None,
    };

    // Active families: caseloads shuffled over the special situations.
    let mut slots: Vec<usize> = Vec::with_capacity(counts.active);
    for (a, load) in counts.loads().into_iter().enumerate() {
        slots.extend(std::iter::repeat_n(a, load));
    }
    staff_rng.shuffle(&mut slots);
    let mut caseload = vec![0usize; counts.assistants];
    let blocks = special_blocks(counts.active, spec.families);
    let (mut block, mut block_left) = (0, blocks.first().map_or(0, |b| b.1));
    for (p, &a) in slots.iter().enumerate() {
        while block < blocks.len() && block_left == 0 {
            block += 1;
            block_left = blocks.get(block).map_or(0, |b| b.1);
        }
        let special = blocks.get(block).map(|b| b.0);
        block_left = block_left.saturating_sub(1);

        let mut bp = blank(p, FamilyStatus::Active);
        bp.assistant = assistant_ids.get(a).copied();
        bp.slot = caseload[a];
        caseload[a] += 1;
        active_dates(&mut bp, special, today);
        out.push(bp);
    }

    for m in 0..counts.monitoring {
        let mut bp = blank(out.len(), FamilyStatus::Monitoring);
        let rng = &mut bp.rng;
        let closed = plus(today, -rng.range(14, 150));
        let reason = monitoring_reason(m);
        if reason == ClosureReason::ChildPlacedInFosterCare {
            bp.foster = FosterRole::PlacedAtClosure;
        }
        bp.closure = Some(Closure {
            date: closed,
            summary: closure_summary(&reason).to_string(),
            reason,
            monitoring_until: Some(plus(closed, rng.range(180, 365))),
        });
        ended_work(&mut bp, closed, assistant_ids);
        out.push(bp);
    }

    for c in 0..counts.closed {
        let mut bp = blank(out.len(), FamilyStatus::Closed);
        let rng = &mut bp.rng;
        let closed = plus(today, -rng.range(200, (i64::from(years) * 365).max(400)));
        let reason = closed_reason(c);
        let monitoring_until = rng.percent(70).then(|| plus(closed, rng.range(90, 180)));
        bp.closure = Some(Closure {
            date: closed,
            summary: closure_summary(&reason).to_string(),
            reason,
            monitoring_until,
        });
        ended_work(&mut bp, closed, assistant_ids);
        out.push(bp);
    }

    for _ in 0..counts.referred {
        let mut bp = blank(out.len(), FamilyStatus::Referred);
        bp.referral = plus(today, -bp.rng.range(2, 20));
        out.push(bp);
    }

    let mut deck: Vec<usize> = (0..SURNAMES.len()).collect();
    for (i, bp) in out.iter_mut().enumerate() {
        if i % deck.len() == 0 {
            staff_rng.shuffle(&mut deck);
        }
        bp.surname = deck[i % deck.len()];
    }
    out
}

/// Start of work and assessment dates of an active family, arranged so that its next
/// assessment falls where its special situation needs it.
fn active_dates(bp: &mut Blueprint, special: Option<Special>, today: NaiveDate) {
    let rng = &mut bp.rng;
    let mut due = AssessmentDue::Later;
    match special {
        Some(Special::NoPlanOverdue) => bp.plan = PlanRole::MissingOverdue,
        Some(Special::NoPlanSoon) => bp.plan = PlanRole::MissingSoon,
        Some(Special::AssessmentOverdue) => due = AssessmentDue::Overdue,
        Some(Special::AssessmentSoon) => due = AssessmentDue::Soon,
        Some(Special::FosterUnlinked) => bp.foster = FosterRole::Current { linked: false },
        Some(Special::FosterLinked) => bp.foster = FosterRole::Current { linked: true },
        Some(Special::FosterReturned) => bp.foster = FosterRole::Returned,
        Some(Special::NoConsultation) => bp.plan = PlanRole::NoConsultation,
        Some(Special::CourtOpen) => bp.court = CourtRole::Open,
        Some(Special::CourtOther) => bp.court = CourtRole::Other,
        None => {}
    }

    let started = match bp.plan {
        // Started within the last three months: no assessment yet, the plan is late.
        PlanRole::MissingOverdue => plus(today, -rng.range(35, 80)),
        // Started 18 days ago: the plan is due in 12 days, inside the warning window.
        PlanRole::MissingSoon => plus(today, -18),
        PlanRole::Normal | PlanRole::NoConsultation => {
            // The next assessment is six months after the anchor (the last assessment,
            // or the start of work when there is none yet).
            let next = match due {
                AssessmentDue::Overdue => plus(today, -rng.range(3, 60)),
                AssessmentDue::Soon => plus(today, rng.range(4, 12)),
                AssessmentDue::Later => plus(today, rng.range(20, 170)),
            };
            let anchor = months_back(next, 6);
            // Earlier assessments every six months or a little less; the start of work
            // stays between about two years and a month before today.
            let earliest = plus(today, -730);
            let latest = plus(today, -35);
            let fits = |k: u32| months_back(anchor, 6 * k);
            let k_min = (0..5).find(|&k| fits(k) <= latest).unwrap_or(0);
            let k_max = (k_min..5)
                .take_while(|&k| fits(k) >= earliest)
                .last()
                .unwrap_or(k_min);
            let k = rng.range(i64::from(k_min), i64::from(k_max)) as u32;
            let mut date = anchor;
            for _ in 0..k {
                bp.assessments.push(date);
                date = plus(months_back(date, 6), early_or_late(rng));
            }
            bp.assessments.reverse();
            date
        }
    };
    bp.started = Some(started);
    bp.referral = plus(started, -rng.range(5, 45));
}

/// Days an assessment was held before (positive) or after (negative) its due date.
fn early_or_late(rng: &mut Rng) -> i64 {
    if rng.percent(85) {
        rng.range(0, 20)
    } else {
        -rng.range(1, 25)
    }
}

/// Dates of a family whose work ended on `closed`.
fn ended_work(bp: &mut Blueprint, closed: NaiveDate, assistants: &[Id]) {
    let rng = &mut bp.rng;
    let started = plus(closed, -rng.range(180, 600));
    let (mut previous, mut next) = (started, add_months(started, 6));
    loop {
        let held = plus(next, -rng.range(0, 20));
        // The second test stops the loop where dates saturate at the end of the calendar.
        if held >= closed || held <= plus(previous, 60) {
            break;
        }
        bp.assessments.push(held);
        previous = held;
        next = add_months(held, 6);
    }
    bp.assistant = assistants.get(rng.below(assistants.len())).copied();
    bp.slot = rng.below(LIMIT);
    bp.started = Some(started);
    bp.referral = plus(started, -rng.range(5, 45));
}

// ---------------------------------------------------------------------------------
// Records

struct Builder {
    today: NaiveDate,
    /// Visits are generated from this day on (`years` before today).
    visits_from: NaiveDate,
    ds: Dataset,
    social_workers: Vec<SocialWorkerRef>,
}

/// What the record generators need to know about one family.
struct Household {
    /// Who is usually present at a home visit.
    present: String,
    /// The adult who answers the phone.
    contact: String,
    /// The family's foster situation.
    foster: FosterRole,
    /// Name of the foster child's coordinator, if a child is or was in foster care.
    coordinator: Option<String>,
}

/// One person to add to the family.
struct Person<'a> {
    role: MemberRole,
    first_name: &'a str,
    last_name: &'a str,
    birth: NaiveDate,
    with_pesel: bool,
    female: bool,
}

impl Builder {
    fn family(&mut self, id: Id, case_number: String, bp: Blueprint) {
        let Blueprint {
            mut rng,
            surname,
            status,
            assistant,
            slot,
            referral,
            started,
            closure,
            assessments,
            plan,
            foster,
            court,
            ..
        } = bp;
        let court_obliged = rng.percent(10);
        let mut flags = FamilyFlags {
            court_obliged,
            za_zyciem: rng.percent(8),
            niebieska_karta: rng.percent(10),
            kurator: (court_obliged || rng.percent(8)).then(|| rng.text(KURATORS)),
        };
        if court != CourtRole::None && flags.kurator.is_none() {
            flags.kurator = Some(rng.text(KURATORS));
        }
        let social_worker = self.social_workers[rng.below(self.social_workers.len())].clone();
        let mut family = Family {
            id,
            case_number,
            name: String::new(),
            address: address(&mut rng),
            phones: vec![phone(200, id)],
            assistant,
            social_worker,
            referral_date: referral,
            consent_date: started.filter(|_| !court_obliged),
            work_started: started,
            status,
            flags,
            closure,
            notes: rng.text(NOTES),
            history: Vec::new(),
        };
        family.history = history(&family);
        if rng.percent(30) {
            family.phones.push(phone(250, id));
        }
        let household = self.members(&mut family, &mut rng, surname, foster);

        // Referred families have no records yet.
        if let (Some(started), Some(assistant)) = (started, assistant) {
            let end = family.closure.as_ref().map_or(self.today, |c| c.date);
            let plans = if matches!(plan, PlanRole::MissingOverdue | PlanRole::MissingSoon) {
                Vec::new()
            } else {
                self.plans(&family, &mut rng, &assessments, plan, &household)
            };
            self.assessments(&family, &mut rng, &assessments, &plans);
            self.visits(&family, &mut rng, assistant, slot, end, &household);
            self.cooperation(&family, &mut rng, started, end, foster);
            self.court_request(&family, &mut rng, court, started);
        }
        self.ds.families.push(family);
    }

    fn add_member(&mut self, rng: &mut Rng, family_id: Id, person: Person) {
        // The tenth PESEL digit carries the sex: even for women, odd for men.
        let sex = 2 * rng.range(0, 4) + i64::from(!person.female);
        let serial = (rng.range(0, 999) * 10 + sex) as u16;
        self.ds.members.push(Member {
            id: self.ds.members.len() as Id + 1,
            family_id,
            role: person.role,
            first_name: person.first_name.to_string(),
            last_name: person.last_name.to_string(),
            birth_date: Some(person.birth),
            pesel: if person.with_pesel {
                Pesel::generate(person.birth, serial)
            } else {
                None
            },
            foster: None,
            left_household: None,
        });
    }

    /// Adults and children of the family; sets the family's display name.
    fn members(
        &mut self,
        family: &mut Family,
        rng: &mut Rng,
        surname: usize,
        foster: FosterRole,
    ) -> Household {
        let today = self.today;
        let (male, female) = SURNAMES[surname % SURNAMES.len()];
        let first = self.ds.members.len();
        let mut present = Vec::new();
        let mut children_surname = male;
        let mother_age = rng.range(20 * 365, 45 * 365);
        let mother_birth = plus(today, -mother_age);

        // Household shape: single father, grandmother as guardian, single mother, two parents.
        let shape = rng.range(0, 99);
        match shape {
            0..=7 => {
                let name = rng.pick(MALE_NAMES);
                let birth = plus(mother_birth, -rng.range(-600, 2500));
                let with_pesel = rng.percent(85);
                self.add_member(
                    rng,
                    family.id,
                    Person {
                        role: MemberRole::Father,
                        first_name: name,
                        last_name: male,
                        birth,
                        with_pesel,
                        female: false,
                    },
                );
                present.push(format!("{name} {male} (ojciec)"));
            }
            8..=12 => {
                let name = rng.pick(FEMALE_NAMES);
                let birth = plus(today, -rng.range(52 * 365, 70 * 365));
                let with_pesel = rng.percent(85);
                self.add_member(
                    rng,
                    family.id,
                    Person {
                        role: MemberRole::Guardian,
                        first_name: name,
                        last_name: female,
                        birth,
                        with_pesel,
                        female: true,
                    },
                );
                present.push(format!("{name} {female} (babcia, opiekunka prawna)"));
            }
            _ => {
                let name = rng.pick(FEMALE_NAMES);
                let with_pesel = rng.percent(90);
                self.add_member(
                    rng,
                    family.id,
                    Person {
                        role: MemberRole::Mother,
                        first_name: name,
                        last_name: female,
                        birth: mother_birth,
                        with_pesel,
                        female: true,
                    },
                );
                present.push(format!("{name} {female} (matka)"));
                if shape >= 55 {
                    let name = rng.pick(MALE_NAMES);
                    let birth = plus(mother_birth, -rng.range(-700, 2500));
                    let with_pesel = rng.percent(85);
                    if rng.percent(12) {
                        // The mother's partner, with his own surname; the children keep hers.
                        let (partner, _) = rng.pick(SURNAMES);
                        let role = MemberRole::Other;
                        self.add_member(
                            rng,
                            family.id,
                            Person {
                                role,
                                first_name: name,
                                last_name: partner,
                                birth,
                                with_pesel,
                                female: false,
                            },
                        );
                        present.push(format!("{name} {partner} (partner matki)"));
                        children_surname = female;
                    } else {
                        let role = MemberRole::Father;
                        self.add_member(
                            rng,
                            family.id,
                            Person {
                                role,
                                first_name: name,
                                last_name: male,
                                birth,
                                with_pesel,
                                female: false,
                            },
                        );
                        present.push(format!("{name} {male} (ojciec)"));
                    }
                } else {
                    children_surname = female;
                }
            }
        }
        let children_from = self.ds.members.len();

        // Children: all under 18, the oldest born when the mother was at least 18.
        let count = match rng.range(0, 99) {
            0..=29 => 1,
            30..=64 => 2,
            65..=86 => 3,
            _ => 4,
        };
        let oldest = (mother_age - 18 * 365).clamp(60, 17 * 365);
        for c in 0..count {
            let age = if c == 0 && family.flags.za_zyciem {
                rng.range(10, 330)
            } else {
                rng.range(30, oldest)
            };
            let girl = rng.percent(50);
            let name = if girl {
                rng.pick(GIRL_NAMES)
            } else {
                rng.pick(BOY_NAMES)
            };
            let surname = match (girl, children_surname == male) {
                (true, true) => female,
                (false, false) => male,
                _ => children_surname,
            };
            let person = Person {
                role: MemberRole::Child,
                first_name: name,
                last_name: surname,
                birth: plus(today, -age),
                with_pesel: true,
                female: girl,
            };
            self.add_member(rng, family.id, person);
        }

        // Now and then a father has left the household since the work started.
        if let Some(started) = family.work_started
            && children_from - first > 1
            && rng.percent(6)
            && let Some(father) = self.ds.members[first..children_from]
                .iter_mut()
                .find(|m| m.role == MemberRole::Father)
        {
            let days = (today - started).num_days().max(31);
            father.left_household = Some(plus(started, rng.range(30, days)));
            present.retain(|p| !p.ends_with("(ojciec)"));
        }

        let coordinator = self.foster_placement(family, rng, foster, children_from);
        let at_home: Vec<&str> = self.ds.members[children_from..]
            .iter()
            .filter(|m| !m.in_foster_care(today))
            .map(|m| m.first_name.as_str())
            .collect();
        if !at_home.is_empty() {
            present.push(format!("dzieci: {}", at_home.join(", ")));
        }
        family.name = self
            .ds
            .members
            .get(first)
            .map(|m| m.last_name.clone())
            .unwrap_or_default();
        Household {
            contact: present.first().cloned().unwrap_or_default(),
            present: present.join(", "),
            foster,
            coordinator,
        }
    }

    /// Places one child of the family in foster care as its role asks; returns the coordinator.
    fn foster_placement(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        foster: FosterRole,
        children_from: usize,
    ) -> Option<String> {
        let today = self.today;
        let started = family.work_started.unwrap_or(today);
        let (since, returned_home) = match foster {
            FosterRole::None => return None,
            FosterRole::Current { .. } => (plus(started, -rng.range(0, 200)), None),
            FosterRole::Returned => {
                let since = plus(started, -rng.range(90, 300));
                let back = plus(started, rng.range(60, 150)).min(plus(today, -7));
                (since, Some(back))
            }
            FosterRole::PlacedAtClosure => {
                let closed = family.closure.as_ref().map_or(today, |c| c.date);
                (plus(closed, -rng.range(0, 10)), None)
            }
        };
        // The oldest child, most likely born before the placement; a placement still
        // never starts before the child was born.
        let child = self.ds.members[children_from..]
            .iter_mut()
            .min_by_key(|m| m.birth_date)?;
        let since = since.max(child.birth_date.unwrap_or(since));
        let coordinator = rng.text(COORDINATORS);
        let form = match rng.range(0, 9) {
            0..=5 => FosterForm::FosterFamily,
            6 | 7 => FosterForm::FamilyChildrensHome,
            _ => FosterForm::Institution,
        };
        child.foster = Some(FosterPlacement {
            since,
            form,
            coordinator_name: coordinator.clone(),
            coordinator_phone: format!("600 100 {}", 300 + rng.range(0, 99)),
            returned_home: returned_home.map(|r| r.max(plus(since, 1))),
        });
        Some(coordinator)
    }

    /// The first plan and, where its period ran out or an assessment asked for a change,
    /// a second; returns each version's date and goal texts for the assessments.
    fn plans(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        assessments: &[NaiveDate],
        role: PlanRole,
        household: &Household,
    ) -> Vec<(NaiveDate, Vec<String>)> {
        let today = self.today;
        let started = family.work_started.unwrap_or(today);
        let drawn = plus(started, rng.range(5, 28))
            .min(plus(today, -1))
            .max(started);
        let first = self.plan(family, rng, 1, drawn, role, household);
        let revision = assessments
            .iter()
            .rev()
            .find(|&&a| a > plus(drawn, 90) && a < today)
            .copied()
            .filter(|_| family.status == FamilyStatus::Active)
            .filter(|_| first.period_to < plus(today, 14) || rng.percent(10));
        let mut out = vec![(drawn, goal_texts(&first))];
        self.ds.plans.push(WorkPlan {
            superseded: revision,
            ..first
        });
        if let Some(at) = revision {
            let mut second = self.plan(family, rng, 2, at, role, household);
            second.period_to = second.period_to.max(plus(today, 30));
            out.push((at, goal_texts(&second)));
            self.ds.plans.push(second);
        }
        out
    }

    fn plan(
        &self,
        family: &Family,
        rng: &mut Rng,
        version: u32,
        drawn: NaiveDate,
        role: PlanRole,
        household: &Household,
    ) -> WorkPlan {
        let today = self.today;
        // Plans usually cover a year to a year and a half of work.
        let period_to = add_months(drawn, 12 + rng.below(7) as u32);
        // A child in care, or back home, shapes the plan: a goal about the return and
        // coordination with the child's help plan, missing in one family of the demo.
        let (foster_goal, linked) = match household.foster {
            FosterRole::Current { linked } => (true, linked),
            FosterRole::Returned => (true, true),
            FosterRole::None | FosterRole::PlacedAtClosure => (false, false),
        };
        let mut goals = Vec::new();
        if foster_goal {
            goals.push(goal(&FOSTER_GOAL, rng, drawn, period_to, today));
        }
        let count = rng.range(2, 4) as usize;
        let mut next = rng.below(GOALS.len());
        while goals.len() < count {
            goals.push(goal(&GOALS[next], rng, drawn, period_to, today));
            next = (next + 1 + rng.below(3)) % GOALS.len();
        }
        let started = family.work_started.unwrap_or(drawn);
        let consultation = (role != PlanRole::NoConsultation).then(|| Consultation {
            social_worker: family.social_worker.name.clone(),
            date: plus(drawn, -rng.range(0, 7)).max(started),
        });
        let child_plan_link = match &household.coordinator {
            Some(coordinator) if linked => Some(ChildPlanLink {
                coordinator: coordinator.clone(),
                date: plus(drawn, rng.range(0, 10))
                    .min(plus(today, -1))
                    .max(drawn),
            }),
            _ => None,
        };
        WorkPlan {
            id: self.ds.plans.len() as Id + 1,
            family_id: family.id,
            version,
            drawn_up: drawn,
            period_from: drawn,
            period_to,
            strengths: rng.text(STRENGTHS),
            problems: rng.text(PROBLEMS),
            goals,
            consultation,
            child_plan_link,
            signed_family: rng.percent(95).then_some(drawn),
            signed_assistant: Some(drawn),
            superseded: None,
        }
    }

    fn assessments(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        dates: &[NaiveDate],
        plans: &[(NaiveDate, Vec<String>)],
    ) {
        let today = self.today;
        let mut from = family.work_started.unwrap_or(today);
        for &date in dates {
            let goals = plans
                .iter()
                .rev()
                .find(|(drawn, _)| *drawn <= date)
                .map(|(_, g)| g.as_slice())
                .unwrap_or(&[]);
            let goal_progress = goals
                .iter()
                .map(|g| {
                    let progress = match rng.range(0, 3) {
                        0 => GoalProgress::Achieved,
                        3 => GoalProgress::NotAchieved,
                        _ => GoalProgress::Partly,
                    };
                    (g.clone(), progress)
                })
                .collect();
            // The assessment at which the second plan was drawn up asked for it.
            let recommendation = if plans.iter().skip(1).any(|(drawn, _)| *drawn == date) {
                Recommendation::ChangePlan
            } else {
                Recommendation::Continue
            };
            let sent = plus(date, rng.range(1, 5));
            self.ds.assessments.push(Assessment {
                id: self.ds.assessments.len() as Id + 1,
                family_id: family.id,
                date,
                period_from: from,
                period_to: date,
                changes: rng.text(CHANGES),
                goal_progress,
                child_safety: rng.text(CHILD_SAFETY),
                cooperation: rng.text(COOPERATION),
                resources_risks: rng.text(RESOURCES),
                recommendation,
                sent_to_head: (sent < today).then_some(sent),
            });
            from = date;
        }
    }

    /// About weekly contacts over the work period, monthly checks while monitoring, and
    /// planned visits for the coming two weeks.
    fn visits(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        assistant: Id,
        slot: usize,
        end: NaiveDate,
        household: &Household,
    ) {
        let today = self.today;
        let Some(started) = family.work_started else {
            return;
        };
        let from = started.max(self.visits_from);
        // Each family of an assistant has its own weekday and hour, so that the regular
        // visits of one assistant never overlap.
        let weekday = (slot % 5) as i64;
        let hour = 8 * 60 + ((slot / 5) % 3) as u32 * 150;
        // Work ends on the closure date (a last meeting may fall on it).
        let past_end = if family.closure.is_some() {
            plus(end, 1).min(today)
        } else {
            today
        };
        let mut monday = monday_of(from);
        while monday < past_end {
            if !rng.percent(8) {
                let (date, minutes) = match rng.range(0, 99) {
                    0..=11 => (plus(monday, weekday), 16 * 60 + 30 * rng.range(0, 5) as u32),
                    12..=16 => (plus(monday, 5), 9 * 60 + 30 * rng.range(0, 6) as u32),
                    _ => (plus(monday, weekday), hour + 15 * rng.range(0, 2) as u32),
                };
                if date >= from && date < past_end && !is_holiday(date) {
                    let kind = match rng.range(0, 99) {
                        0..=71 => VisitKind::HomeVisit,
                        72..=79 => VisitKind::PhoneCall,
                        80..=87 => VisitKind::Accompaniment,
                        88..=92 => VisitKind::Consultation,
                        93..=96 => VisitKind::GroupClass,
                        _ => VisitKind::Intervention,
                    };
                    self.visit(
                        family,
                        rng,
                        household,
                        (assistant, date, minutes, kind),
                        false,
                    );
                }
            }
            if rng.percent(6) {
                let date = plus(monday, rng.range(0, 4));
                if date >= from && date < past_end && !is_holiday(date) {
                    let minutes = 15 * 60 + 15 * rng.range(0, 3) as u32;
                    self.visit(
                        family,
                        rng,
                        household,
                        (assistant, date, minutes, VisitKind::PhoneCall),
                        false,
                    );
                }
            }
            monday = plus(monday, 7);
        }

        match &family.closure {
            None => {
                // The coming two weeks, on a per-assistant grid of days and hours:
                // every assistant visits someone today and tomorrow.
                let mut offset = (slot % 7) as i64;
                let minutes = 8 * 60 + ((slot / 7) % 3) as u32 * 150;
                while offset <= 14 {
                    // Today and tomorrow always have visits, holiday or not (task-based
                    // working time); later holidays are left free.
                    if offset > 1 && is_holiday(plus(today, offset)) {
                        offset += 7;
                        continue;
                    }
                    let kind = if rng.percent(85) {
                        VisitKind::HomeVisit
                    } else {
                        VisitKind::Accompaniment
                    };
                    self.visit(
                        family,
                        rng,
                        household,
                        (assistant, plus(today, offset), minutes, kind),
                        false,
                    );
                    offset += 7;
                }
            }
            Some(closure) => {
                let until = closure.monitoring_until.unwrap_or(closure.date);
                let mut date = plus(closure.date, 30);
                while date <= until && date < today {
                    if date >= self.visits_from && !is_holiday(date) {
                        let kind = if rng.percent(50) {
                            VisitKind::PhoneCall
                        } else {
                            VisitKind::HomeVisit
                        };
                        let minutes = 10 * 60 + 30 * rng.range(0, 10) as u32;
                        self.visit(
                            family,
                            rng,
                            household,
                            (assistant, date, minutes, kind),
                            true,
                        );
                    }
                    date = plus(date, rng.range(28, 35));
                }
                if until >= today && rng.percent(40) {
                    let date = plus(today, rng.range(2, 14));
                    self.visit(
                        family,
                        rng,
                        household,
                        (assistant, date, 12 * 60, VisitKind::HomeVisit),
                        true,
                    );
                }
            }
        }
    }

    /// One contact: (assistant, date, start in minutes after midnight, kind).
    fn visit(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        household: &Household,
        what: (Id, NaiveDate, u32, VisitKind),
        monitoring: bool,
    ) {
        let today = self.today;
        let (assistant, date, minutes, kind) = what;
        let status = if date >= today || (date >= plus(today, -7) && rng.percent(6)) {
            // Upcoming, or held in the last days and not written up yet.
            VisitStatus::Planned
        } else {
            match rng.range(0, 99) {
                0..=6 => VisitStatus::Cancelled,
                7..=11 if kind == VisitKind::HomeVisit => VisitStatus::FamilyAbsent,
                _ => VisitStatus::Held,
            }
        };
        let duration_min = match kind {
            VisitKind::PhoneCall => 30,
            VisitKind::HomeVisit | VisitKind::Intervention => 15 * rng.range(4, 8) as u16,
            _ => 15 * rng.range(2, 6) as u16,
        };
        let place = match kind {
            VisitKind::HomeVisit | VisitKind::Intervention => VisitPlace::FamilyHome,
            VisitKind::PhoneCall | VisitKind::Consultation => VisitPlace::Office,
            VisitKind::Accompaniment => VisitPlace::Other(rng.text(&[
                "Powiatowy Urząd Pracy w Zielonowie",
                "Przychodnia Rodzinna „Zdrowie”",
                "Urząd Miejski w Zielonowie",
                "Poradnia Psychologiczno-Pedagogiczna w Zielonowie",
            ])),
            VisitKind::GroupClass => {
                VisitPlace::Other("Świetlica środowiskowa „Promyk”, ul. Szkolna 3".to_string())
            }
        };
        let record = match status {
            VisitStatus::Planned => VisitRecord::default(),
            VisitStatus::Cancelled => VisitRecord {
                done_now: rng.text(CANCELLED),
                ..VisitRecord::default()
            },
            VisitStatus::FamilyAbsent => VisitRecord {
                done_now: rng.text(ABSENT),
                ..VisitRecord::default()
            },
            VisitStatus::Held => {
                let done = match kind {
                    _ if monitoring => MONITORING,
                    VisitKind::PhoneCall => DONE_PHONE,
                    VisitKind::Accompaniment => DONE_ACCOMPANY,
                    VisitKind::HomeVisit => DONE_NOW,
                    _ => DONE_OTHER,
                };
                VisitRecord {
                    present: if kind == VisitKind::PhoneCall {
                        format!("{} (telefonicznie)", household.contact)
                    } else {
                        household.present.clone()
                    },
                    since_last: if monitoring {
                        String::new()
                    } else {
                        rng.text(SINCE_LAST)
                    },
                    done_now: rng.text(done),
                    tasks: if monitoring {
                        String::new()
                    } else {
                        rng.text(TASKS)
                    },
                }
            }
        };
        self.ds.visits.push(Visit {
            id: self.ds.visits.len() as Id + 1,
            family_id: family.id,
            assistant,
            date,
            time: time(minutes),
            duration_min,
            place,
            kind,
            status,
            record,
            history: Vec::new(),
        });
    }

    fn cooperation(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        started: NaiveDate,
        end: NaiveDate,
        foster: FosterRole,
    ) {
        let last = end.min(plus(self.today, -1));
        let span = (last - started).num_days();
        if span < 1 {
            return;
        }
        let mut kinds = vec![
            InstitutionKind::School,
            InstitutionKind::HealthCare,
            InstitutionKind::Ngo,
            InstitutionKind::Other,
        ];
        if family.flags.niebieska_karta {
            kinds.extend([
                InstitutionKind::Police,
                InstitutionKind::InterdisciplinaryTeam,
            ]);
        }
        if family.flags.kurator.is_some() || family.flags.court_obliged {
            kinds.push(InstitutionKind::Court);
        }
        if foster != FosterRole::None {
            kinds.push(InstitutionKind::Pcpr);
        }
        let count = if family.status == FamilyStatus::Active {
            rng.range(2, 5)
        } else {
            rng.range(1, 3)
        };
        let mut dates: Vec<NaiveDate> = (0..count)
            .map(|_| plus(started, rng.range(1, span)))
            .collect();
        dates.sort();
        for date in dates {
            let institution = rng.pick(&kinds);
            let (names, notes) = institution_texts(institution);
            self.ds.cooperation.push(Cooperation {
                id: self.ds.cooperation.len() as Id + 1,
                family_id: family.id,
                date,
                institution,
                institution_name: rng.text(names),
                // Taken from the id, not the generator, so that adding the field left
                // every other generated value as it was.
                person: CONTACTS[self.ds.cooperation.len() % CONTACTS.len()].to_string(),
                note: rng.text(notes),
            });
        }
    }

    fn court_request(
        &mut self,
        family: &Family,
        rng: &mut Rng,
        role: CourtRole,
        started: NaiveDate,
    ) {
        let today = self.today;
        let (received, delivered) = match role {
            CourtRole::None => return,
            CourtRole::Open => (plus(today, -21), false),
            CourtRole::Other => {
                let received = plus(today, -rng.range(5, 330)).max(started);
                (received, plus(received, 30) < today && rng.percent(75))
            }
        };
        let due = if role == CourtRole::Open {
            plus(today, 10)
        } else {
            plus(received, 30)
        };
        self.ds.court_requests.push(CourtRequest {
            id: self.ds.court_requests.len() as Id + 1,
            family_id: family.id,
            court: "Sąd Rejonowy w Zielonowie, III Wydział Rodzinny i Nieletnich".to_string(),
            signature: format!(
                "III Nsm {}/{:02}",
                rng.range(100, 999),
                received.year().rem_euclid(100)
            ),
            received,
            due,
            delivered: delivered.then(|| plus(due, -rng.range(0, 5))),
        });
    }
}

/// Names and typical notes for each kind of institution.
fn institution_texts(kind: InstitutionKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        InstitutionKind::School => (
            &[
                "Szkoła Podstawowa nr 1 w Zielonowie",
                "Szkoła Podstawowa nr 2 im. Marii Konopnickiej w Zielonowie",
                "Przedszkole Miejskie nr 3 „Słoneczko” w Zielonowie",
            ],
            &[
                "Rozmowa z wychowawczynią o frekwencji i ocenach.",
                "Pedagog szkolny potwierdza poprawę zachowania.",
                "Ustalono pomoc w nauce w ramach zajęć wyrównawczych.",
            ],
        ),
        InstitutionKind::Court => (
            &["Sąd Rejonowy w Zielonowie, III Wydział Rodzinny i Nieletnich"],
            &[
                "Rozmowa z kuratorem o ustaleniach z rodziną.",
                "Przekazano informację o realizacji planu pracy.",
            ],
        ),
        InstitutionKind::Police => (
            &["Komisariat Policji w Zielonowie"],
            &[
                "Rozmowa z dzielnicowym o sytuacji w rodzinie.",
                "Dzielnicowy potwierdza brak interwencji od ostatniego kontaktu.",
            ],
        ),
        InstitutionKind::Pcpr => (
            &["Powiatowe Centrum Pomocy Rodzinie w Zielonowie"],
            &[
                "Uzgodnienia z koordynatorem pieczy zastępczej w sprawie kontaktów z dzieckiem.",
                "Udział w posiedzeniu zespołu do spraw okresowej oceny sytuacji dziecka.",
            ],
        ),
        InstitutionKind::HealthCare => (
            &[
                "Przychodnia Rodzinna „Zdrowie” w Zielonowie",
                "Poradnia Zdrowia Psychicznego w Zielonowie",
            ],
            &[
                "Potwierdzono wykonanie bilansu zdrowia dziecka.",
                "Pielęgniarka środowiskowa odwiedzi rodzinę w przyszłym tygodniu.",
            ],
        ),
        InstitutionKind::Ngo => (
            &[
                "Stowarzyszenie „Razem dla Rodziny”",
                "Fundacja „Zielony Dom”",
            ],
            &[
                "Rodzina otrzymała paczkę żywnościową.",
                "Zapisano dzieci na półkolonie.",
            ],
        ),
        InstitutionKind::InterdisciplinaryTeam => (
            &["Zespół Interdyscyplinarny w Zielonowie"],
            &[
                "Udział w spotkaniu grupy roboczej w procedurze „Niebieskie Karty”.",
                "Omówiono plan pomocy rodzinie z członkami grupy roboczej.",
            ],
        ),
        InstitutionKind::Kindergarten => (
            &["Przedszkole Miejskie nr 3 „Słoneczko” w Zielonowie"],
            &["Wychowawczyni potwierdza regularne przyprowadzanie dziecka."],
        ),
        InstitutionKind::Kurator => (KURATORS, &["Uzgodniono wspólną wizytę u rodziny."]),
        InstitutionKind::Psychologist => (
            &["Poradnia Psychologiczno-Pedagogiczna w Zielonowie"],
            &["Ustalono termin diagnozy dziecka."],
        ),
        InstitutionKind::Other => (
            &[
                "Powiatowy Urząd Pracy w Zielonowie",
                "Spółdzielnia Mieszkaniowa „Zielonowo”",
            ],
            &[
                "Uzgodniono ofertę stażu dla matki.",
                "Ustalono harmonogram spłaty zaległości.",
            ],
        ),
    }
}

/// Fictional contact people at institutions.
const CONTACTS: &[&str] = &[
    "Barbara Zięba",
    "Tomasz Kruk",
    "Ewa Sowa",
    "Jolanta Wrona",
    "Marek Czajka",
];

/// The status history a generated family would have: registered by the supervisor,
/// started by its assistant, and closed if it was.
fn history(family: &Family) -> Vec<StatusChange> {
    let mut out = vec![StatusChange {
        date: family.referral_date,
        from: None,
        to: FamilyStatus::Referred,
        by: "kierownik".to_string(),
        closure: None,
    }];
    if let Some(started) = family.work_started {
        out.push(StatusChange {
            date: started,
            from: Some(FamilyStatus::Referred),
            to: FamilyStatus::Active,
            by: "kierownik".to_string(),
            closure: None,
        });
    }
    if let Some(closure) = &family.closure {
        out.push(StatusChange {
            date: closure.date,
            from: Some(FamilyStatus::Active),
            to: family.status,
            by: "kierownik".to_string(),
            closure: Some(closure.clone()),
        });
    }
    out
}

fn goal(
    template: &GoalTemplate,
    rng: &mut Rng,
    drawn: NaiveDate,
    period_to: NaiveDate,
    today: NaiveDate,
) -> Goal {
    let count = rng.range(1, 3.min(template.actions.len() as i64)) as usize;
    let start = rng.below(template.actions.len());
    let span = (period_to - drawn).num_days().max(31);
    let actions = (0..count)
        .map(|i| {
            let (what, who, effect) = template.actions[(start + i) % template.actions.len()];
            let deadline = plus(drawn, rng.range(30, span));
            let status = if deadline < today {
                if rng.percent(75) {
                    ActionStatus::Done(plus(deadline, -rng.range(0, 20)).max(drawn))
                } else {
                    ActionStatus::NotDone(rng.text(NOT_DONE))
                }
            } else if rng.percent(50) {
                ActionStatus::InProgress
            } else {
                ActionStatus::Planned
            };
            PlanAction {
                what: what.to_string(),
                who: who.to_string(),
                deadline: Some(deadline),
                expected_effect: effect.to_string(),
                status,
            }
        })
        .collect();
    Goal {
        area: template.area,
        text: rng.text(template.goals),
        actions,
    }
}

fn goal_texts(plan: &WorkPlan) -> Vec<String> {
    plan.goals.iter().map(|g| g.text.clone()).collect()
}

fn address(rng: &mut Rng) -> String {
    if rng.percent(20) {
        let (village, code) = rng.pick(VILLAGES);
        format!("{village} {}, {code} {TOWN}", rng.range(1, 60))
    } else {
        let street = rng.pick(STREETS);
        let house = rng.range(1, 48);
        if rng.percent(70) {
            format!("ul. {street} {house}/{}, 99-300 {TOWN}", rng.range(1, 40))
        } else {
            format!("ul. {street} {house}, 99-300 {TOWN}")
        }
    }
}

/// A fictional phone number, `600 100 2xx` for the first hundred families.
fn phone(base: u64, id: Id) -> String {
    format!("600 {} {}", 100 + (id / 100) % 900, base + id % 100)
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::domain::alerts::{
        self, AlertRules, CaseFacts, CourtDue, DeadlineKind, FamilyFacts, PlanFacts, Severity,
    };
    use crate::domain::caseload::active_per_assistant;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn default_demo() -> Dataset {
        generate(&DemoSpec::default(), today())
    }

    /// Every alert of the register on `today` with the default rules.
    fn all_alerts(ds: &Dataset, today: NaiveDate) -> Vec<alerts::Alert> {
        let mut last: HashMap<Id, NaiveDate> = HashMap::new();
        for a in &ds.assessments {
            let e = last.entry(a.family_id).or_insert(a.date);
            *e = (*e).max(a.date);
        }
        let current_plans: HashMap<Id, PlanFacts> = ds
            .plans
            .iter()
            .filter(|p| p.superseded.is_none())
            .map(|p| (p.family_id, PlanFacts::of(p)))
            .collect();
        let mut foster_since: HashMap<Id, NaiveDate> = HashMap::new();
        for m in ds.members.iter().filter(|m| m.in_foster_care(today)) {
            if let Some(p) = &m.foster {
                let e = foster_since.entry(m.family_id).or_insert(p.since);
                *e = (*e).min(p.since);
            }
        }
        let mut courts: HashMap<Id, Vec<CourtRequest>> = HashMap::new();
        for r in &ds.court_requests {
            courts.entry(r.family_id).or_default().push(r.clone());
        }
        let mut visits: HashMap<Id, Vec<&Visit>> = HashMap::new();
        for v in &ds.visits {
            visits.entry(v.family_id).or_default().push(v);
        }
        let rules = AlertRules::default();
        ds.families
            .iter()
            .flat_map(|f| {
                let held = visits
                    .get(&f.id)
                    .and_then(|v| crate::domain::visits::last_held(v.iter().copied(), today));
                let facts = FamilyFacts {
                    case: CaseFacts::of(f),
                    last_assessment: last.get(&f.id).copied(),
                    plan: current_plans.get(&f.id).copied(),
                    foster_since: foster_since.get(&f.id).copied(),
                    court_dues: &CourtDue::open(courts.get(&f.id).map_or(&[], |v| v.as_slice())),
                    visit_without_outcome: None,
                    last_held_visit: held,
                };
                alerts::family_alerts(&facts, &rules, today)
            })
            .collect()
    }

    fn count(alerts: &[alerts::Alert], kind: DeadlineKind, severity: Severity) -> usize {
        alerts
            .iter()
            .filter(|a| a.deadline.kind == kind && a.severity == severity)
            .count()
    }

    fn assert_ids_sequential<T>(items: &[T], id: impl Fn(&T) -> Id, kind: &str) {
        for (i, item) in items.iter().enumerate() {
            assert_eq!(id(item), i as Id + 1, "{kind} ids must run 1, 2, 3…");
        }
    }

    /// Structural checks that hold for every spec.
    fn check_consistency(ds: &Dataset, today: NaiveDate) {
        assert_ids_sequential(&ds.staff, |s| s.id, "staff");
        assert_ids_sequential(&ds.families, |f| f.id, "family");
        assert_ids_sequential(&ds.members, |m| m.id, "member");
        assert_ids_sequential(&ds.plans, |p| p.id, "plan");
        assert_ids_sequential(&ds.visits, |v| v.id, "visit");
        assert_ids_sequential(&ds.assessments, |a| a.id, "assessment");
        assert_ids_sequential(&ds.court_requests, |r| r.id, "court request");
        assert_ids_sequential(&ds.cooperation, |c| c.id, "cooperation");

        let logins: HashSet<&str> = ds.staff.iter().map(|s| s.login.as_str()).collect();
        assert_eq!(logins.len(), ds.staff.len(), "logins are unique");
        let assistants: HashSet<Id> = ds
            .staff
            .iter()
            .filter(|s| s.role == Role::Assistant)
            .map(|s| s.id)
            .collect();
        let families: HashMap<Id, &Family> = ds.families.iter().map(|f| (f.id, f)).collect();
        let case_numbers: HashSet<&str> =
            ds.families.iter().map(|f| f.case_number.as_str()).collect();
        assert_eq!(
            case_numbers.len(),
            ds.families.len(),
            "case numbers are unique"
        );

        for f in &ds.families {
            assert!(
                f.assistant.is_none_or(|a| assistants.contains(&a)),
                "{}",
                f.case_number
            );
            let year = f.referral_date.year();
            assert!(
                f.case_number.starts_with(&format!("AR/{year}/")),
                "{}",
                f.case_number
            );
            assert!(f.referral_date <= today);
            match f.status {
                FamilyStatus::Referred => assert!(f.work_started.is_none() && f.closure.is_none()),
                FamilyStatus::Active => {
                    let start = f.work_started.expect("active families have started");
                    assert!(f.referral_date <= start && start < today);
                    assert!(f.assistant.is_some() && f.closure.is_none());
                }
                FamilyStatus::Monitoring => {
                    let c = f.closure.as_ref().expect("monitoring follows closure");
                    assert!(c.monitoring_until.is_some_and(|u| u >= today));
                }
                FamilyStatus::Closed => {
                    let c = f.closure.as_ref().expect("closed families have a closure");
                    assert!(c.monitoring_until.is_none_or(|u| u < today));
                }
                FamilyStatus::Suspended | FamilyStatus::Archived => {
                    panic!("the demo makes no {:?} family", f.status)
                }
            }
            if f.flags.court_obliged {
                assert_eq!(f.consent_date, None);
            } else {
                assert_eq!(f.consent_date, f.work_started);
            }
        }

        for m in &ds.members {
            assert!(families.contains_key(&m.family_id));
            if let Some(p) = &m.pesel {
                assert_eq!(Pesel::parse(p.as_str()).as_ref(), Ok(p));
                assert_eq!(Some(p.birth_date()), m.birth_date, "{p}");
                match m.role {
                    MemberRole::Mother | MemberRole::Guardian => assert!(p.is_female(), "{p}"),
                    MemberRole::Father => assert!(!p.is_female(), "{p}"),
                    _ => {}
                }
            }
            if m.role == MemberRole::Child {
                assert!(m.pesel.is_some(), "every child has a PESEL");
                let birth = m.birth_date.unwrap();
                assert!(birth < today && crate::domain::dates::age_on(birth, today) < 18);
            }
            if let Some(fp) = &m.foster {
                assert!(m.birth_date.is_none_or(|b| b <= fp.since));
                assert!(fp.returned_home.is_none_or(|r| r > fp.since && r < today));
            }
        }
        for p in &ds.plans {
            assert!(families.contains_key(&p.family_id));
            assert!(p.period_from <= p.period_to && (2..=4).contains(&p.goals.len()));
            assert!(p.goals.iter().all(|g| (1..=3).contains(&g.actions.len())));
        }
        for v in &ds.visits {
            let f = families[&v.family_id];
            assert_eq!(Some(v.assistant), f.assistant);
            assert!(v.date <= today + TimeDelta::days(14));
            assert!(
                v.time >= time(8 * 60) && v.time <= time(19 * 60),
                "{}",
                v.time
            );
            assert!((30..=120).contains(&v.duration_min));
            if v.date >= today {
                assert_eq!(v.status, VisitStatus::Planned);
            }
            if v.status == VisitStatus::Held {
                assert!(!v.record.present.is_empty() && !v.record.done_now.is_empty());
            }
            assert!(f.work_started.is_some_and(|s| s <= v.date));
        }
        for a in &ds.assessments {
            let f = families[&a.family_id];
            assert!(
                f.work_started.is_some_and(|s| s <= a.period_from)
                    && a.period_from <= a.date
                    && a.date < today
            );
        }
        for r in &ds.court_requests {
            assert!(families[&r.family_id].flags.kurator.is_some());
            assert!(r.received < r.due && r.delivered.is_none_or(|d| d <= today));
        }
        for c in &ds.cooperation {
            assert!(families.contains_key(&c.family_id) && c.date < today);
        }
        for (assistant, n) in active_per_assistant(&ds.families) {
            assert!(
                n <= STATUTORY_LIMIT,
                "assistant {assistant} has {n} active families"
            );
        }
    }

    #[test]
    fn same_spec_and_day_give_the_same_register() {
        let a = default_demo();
        assert_eq!(a, default_demo());
        let other = generate(
            &DemoSpec {
                seed: 2027,
                ..DemoSpec::default()
            },
            today(),
        );
        assert_ne!(a, other);
        assert_ne!(a.families, other.families);
    }

    #[test]
    fn default_register_is_consistent() {
        check_consistency(&default_demo(), today());
    }

    #[test]
    fn large_register_is_consistent_and_within_the_caseload_limit() {
        let spec = DemoSpec {
            families: 450,
            years: 5,
            seed: 7,
        };
        let ds = generate(&spec, today());
        assert_eq!(ds.families.len(), 450);
        check_consistency(&ds, today());
        let active = ds
            .families
            .iter()
            .filter(|f| f.status == FamilyStatus::Active)
            .count();
        let assistants = ds
            .staff
            .iter()
            .filter(|s| s.role == Role::Assistant)
            .count();
        assert_eq!(assistants, active.div_ceil(15).max(3));
        assert!(ds.staff.iter().any(|s| s.login == "asystent01"));
        // Five years of history: several thousand visits, older closed cases.
        assert!(ds.visits.len() > 10_000, "{}", ds.visits.len());
        assert!(
            ds.visits
                .iter()
                .any(|v| v.date < today() - TimeDelta::days(3 * 365))
        );
        let courts = ds.court_requests.len();
        assert!((8..=14).contains(&courts), "{courts} court requests");
    }

    #[test]
    fn any_seed_and_day_give_a_consistent_register_with_the_same_alerts() {
        let days = [
            (2026, 11, 22),
            (2027, 8, 31),
            (2028, 2, 29),
            (2025, 12, 25),
            (2030, 1, 1),
        ];
        for seed in 0..12 {
            for (y, m, d) in days {
                let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                let ds = generate(
                    &DemoSpec {
                        seed,
                        ..DemoSpec::default()
                    },
                    day,
                );
                check_consistency(&ds, day);
                let alerts = all_alerts(&ds, day);
                let context = format!("seed {seed}, {day}");
                assert_eq!(
                    count(&alerts, DeadlineKind::Assessment, Severity::Overdue),
                    4,
                    "{context}"
                );
                assert_eq!(
                    count(&alerts, DeadlineKind::Assessment, Severity::Soon),
                    3,
                    "{context}"
                );
                assert_eq!(
                    count(&alerts, DeadlineKind::WorkPlan, Severity::Overdue),
                    2,
                    "{context}"
                );
                assert_eq!(
                    count(&alerts, DeadlineKind::WorkPlan, Severity::Soon),
                    1,
                    "{context}"
                );
                assert_eq!(
                    ds.visits.iter().filter(|v| v.date == day).count(),
                    5,
                    "{context}"
                );
                let loads = active_per_assistant(&ds.families);
                assert_eq!(loads.values().copied().collect::<Vec<_>>(), vec![14, 10, 7]);
            }
        }
    }

    #[test]
    fn small_and_odd_specs_do_not_panic() {
        for families in [0, 1, 2, 3, 5, 17] {
            for years in [0, 1, 3] {
                let ds = generate(
                    &DemoSpec {
                        families,
                        years,
                        seed: 1,
                    },
                    today(),
                );
                assert_eq!(ds.families.len(), families);
                check_consistency(&ds, today());
            }
        }
        // Dates at the edges of the calendar saturate instead of overflowing.
        for day in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
        ] {
            let ds = generate(
                &DemoSpec {
                    families: 12,
                    years: u32::MAX,
                    seed: u64::MAX,
                },
                day,
            );
            assert_eq!(ds.families.len(), 12);
        }
    }

    #[test]
    fn default_staff_is_three_assistants_a_supervisor_and_two_social_workers() {
        let ds = default_demo();
        let by_role = |role| {
            ds.staff
                .iter()
                .filter(|s| s.role == role)
                .map(|s| (s.login.as_str(), s.name.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            by_role(Role::Assistant),
            vec![
                ("akowalska", "Anna Kowalska"),
                ("mnowak", "Marek Nowak"),
                ("pzielinski", "Piotr Zieliński")
            ]
        );
        assert_eq!(
            by_role(Role::Supervisor),
            vec![("kierownik", "Ewa Dąbrowska")]
        );
        let ps: Vec<&str> = by_role(Role::SocialWorker)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(ps, vec!["ps.lis", "ps.wrona"]);
        assert!(ds.staff.iter().all(|s| s.active));
    }

    #[test]
    fn default_caseloads_put_the_first_assistant_near_the_limit() {
        let ds = default_demo();
        assert_eq!(ds.families.len(), 40);
        let loads = active_per_assistant(&ds.families);
        assert_eq!(loads.values().copied().collect::<Vec<_>>(), vec![14, 10, 7]);
        let status = |s| ds.families.iter().filter(|f| f.status == s).count();
        assert_eq!(status(FamilyStatus::Monitoring), 6);
        assert_eq!(status(FamilyStatus::Closed), 2);
        assert_eq!(status(FamilyStatus::Referred), 1);
        let reasons: HashSet<String> = ds
            .families
            .iter()
            .filter_map(|f| f.closure.as_ref())
            .map(|c| format!("{:?}", std::mem::discriminant(&c.reason)))
            .collect();
        assert!(reasons.len() >= 4, "closure reasons vary: {reasons:?}");
        let flags =
            |p: fn(&FamilyFlags) -> bool| ds.families.iter().filter(|f| p(&f.flags)).count();
        assert!(flags(|f| f.court_obliged) >= 1);
        assert!(flags(|f| f.za_zyciem) >= 1);
        assert!(flags(|f| f.niebieska_karta) >= 1);
        assert!(flags(|f| f.kurator.is_some()) >= 2);
    }

    #[test]
    fn default_register_shows_the_statutory_alerts() {
        let ds = default_demo();
        let alerts = all_alerts(&ds, today());
        assert!(
            count(&alerts, DeadlineKind::Assessment, Severity::Overdue) >= 3,
            "{alerts:#?}"
        );
        assert!(
            count(&alerts, DeadlineKind::Assessment, Severity::Soon) >= 2,
            "{alerts:#?}"
        );
        let no_plan = count(&alerts, DeadlineKind::WorkPlan, Severity::Overdue);
        assert!(no_plan >= 2, "{alerts:#?}");
        assert_eq!(
            count(&alerts, DeadlineKind::WorkPlan, Severity::Soon),
            1,
            "{alerts:#?}"
        );
        // Most active families are not alerting for their assessment.
        let active = ds
            .families
            .iter()
            .filter(|f| f.status == FamilyStatus::Active)
            .count();
        let assessment_alerts = alerts
            .iter()
            .filter(|a| a.deadline.kind == DeadlineKind::Assessment)
            .count();
        assert!(assessment_alerts * 2 < active);

        assert_eq!(ds.court_requests.len(), 1);
        let r = &ds.court_requests[0];
        assert_eq!(
            (r.received, r.due, r.delivered),
            (
                today() - TimeDelta::days(21),
                today() + TimeDelta::days(10),
                None
            )
        );
        assert_eq!(
            count(&alerts, DeadlineKind::CourtOpinion, Severity::Soon),
            1
        );
    }

    #[test]
    fn default_plans_mix_versions_and_missing_consultations() {
        let ds = default_demo();
        assert!(ds.plans.iter().any(|p| p.version == 2));
        for v2 in ds.plans.iter().filter(|p| p.version == 2) {
            let v1 = ds
                .plans
                .iter()
                .find(|p| p.family_id == v2.family_id && p.version == 1)
                .unwrap();
            assert_eq!(v1.superseded, Some(v2.drawn_up));
        }
        let current: Vec<&WorkPlan> = ds.plans.iter().filter(|p| p.superseded.is_none()).collect();
        let without = current.iter().filter(|p| p.consultation.is_none()).count();
        assert!(
            (2..=3).contains(&without),
            "{without} plans without consultation"
        );
        // Each family has at most one current plan.
        let families: HashSet<Id> = current.iter().map(|p| p.family_id).collect();
        assert_eq!(families.len(), current.len());
    }

    #[test]
    fn default_register_has_children_in_foster_care() {
        let ds = default_demo();
        let placed: Vec<&Member> = ds.members.iter().filter(|m| m.foster.is_some()).collect();
        assert_eq!(placed.len(), 4);
        assert_eq!(
            placed.iter().filter(|m| m.in_foster_care(today())).count(),
            3
        );
        assert!(placed.iter().all(|m| m.role == MemberRole::Child));
        // Current plans of active families with a child in care are coordinated, except one.
        let active: HashSet<Id> = ds
            .families
            .iter()
            .filter(|f| f.status == FamilyStatus::Active)
            .map(|f| f.id)
            .collect();
        let in_care: HashSet<Id> = placed
            .iter()
            .filter(|m| m.in_foster_care(today()))
            .map(|m| m.family_id)
            .collect();
        let unlinked = ds
            .plans
            .iter()
            .filter(|p| {
                p.superseded.is_none()
                    && active.contains(&p.family_id)
                    && in_care.contains(&p.family_id)
            })
            .filter(|p| p.child_plan_link.is_none())
            .count();
        assert_eq!(unlinked, 1);
    }

    #[test]
    fn the_calendar_has_visits_today_tomorrow_and_a_history() {
        let ds = default_demo();
        let on = |d: NaiveDate| ds.visits.iter().filter(|v| v.date == d).count();
        assert!(on(today()) >= 3, "{} visits today", on(today()));
        assert!(on(today() + TimeDelta::days(1)) >= 2);
        let past: Vec<&Visit> = ds.visits.iter().filter(|v| v.date < today()).collect();
        assert!(
            past.iter()
                .all(|v| v.date >= today() - TimeDelta::days(365))
        );
        let held = past
            .iter()
            .filter(|v| v.status == VisitStatus::Held)
            .count();
        assert!(
            held * 10 > past.len() * 8,
            "mostly held: {held} of {}",
            past.len()
        );
        assert!(past.iter().any(|v| v.status == VisitStatus::Cancelled));
        assert!(past.iter().any(|v| v.status == VisitStatus::FamilyAbsent));
        let kinds: HashSet<VisitKind> = past.iter().map(|v| v.kind).collect();
        assert!(kinds.len() >= 5, "{kinds:?}");
        assert!(
            past.iter()
                .any(|v| v.date.weekday() == chrono::Weekday::Sat)
        );
        assert!(past.iter().any(|v| v.time >= time(16 * 60)));
        // Roughly weekly: an active family seen for a year has around fifty contacts.
        let active = ds
            .families
            .iter()
            .filter(|f| f.status == FamilyStatus::Active)
            .count();
        assert!(past.len() > active * 20, "{} past visits", past.len());
        // A few cooperation entries per active family.
        let coop = ds.cooperation.len();
        assert!(coop >= active * 2, "{coop}");
    }

    #[test]
    fn names_are_polish_with_diacritics_and_gendered_surnames() {
        let ds = default_demo();
        let polish = |s: &str| s.chars().any(|c| "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ".contains(c));
        let surnames = ds.members.iter().filter(|m| polish(&m.last_name)).count();
        assert!(surnames >= 10, "{surnames} surnames with diacritics");
        assert!(ds.members.iter().any(|m| polish(&m.first_name)));
        assert!(ds.families.iter().any(|f| polish(&f.name)));
        for m in &ds.members {
            let female = m.pesel.as_ref().map(Pesel::is_female);
            if m.last_name.ends_with("ska")
                || m.last_name.ends_with("cka")
                || m.last_name.ends_with("dzka")
            {
                assert_ne!(female, Some(false), "{} {}", m.first_name, m.last_name);
            }
            if m.last_name.ends_with("ski")
                || m.last_name.ends_with("cki")
                || m.last_name.ends_with("dzki")
            {
                assert_ne!(female, Some(true), "{} {}", m.first_name, m.last_name);
            }
        }
        for f in &ds.families {
            assert!(
                f.address.contains("99-30") && f.address.contains("Zielonowo"),
                "{}",
                f.address
            );
            assert!(
                f.phones.iter().all(|p| p.starts_with("600 100 2")),
                "{:?}",
                f.phones
            );
        }
    }
}
