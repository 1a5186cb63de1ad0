//! Every user-visible text in Polish and English, in one place (the half-year report's
//! in [`report`]).

use std::path::Path;

pub mod report;

use crate::config::{ConfigError, Language, Problem};
use crate::domain::alerts::DeadlineKind;
use crate::domain::audit::{AuditEntry, CLIENT_ENTITY_MAX};
use crate::domain::dates::{DateError, format_date};
use crate::domain::lifecycle::{LifecycleError, Transition};
use crate::domain::pesel::PeselError;
use crate::domain::validate::{Field, Problem as FieldProblem};
use crate::domain::{
    ActionStatus, ClosureReason, FamilyStatus, FosterForm, GoalArea, GoalProgress, InstitutionKind,
    MemberRole, Recommendation, Role, VisitKind, VisitStatus,
};
use crate::service::{CommandError, StandInProblem};
use crate::store::StoreError;
use crate::store::backup::{BackupError, BackupSummary, Counts, LineProblem};
use crate::store::check::{CheckReport, IndexFault};

macro_rules! messages {
    ($($name:ident => $pl:literal, $en:literal;)*) => {
        /// A fixed text of the interface; its English wording is its doc.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $(#[doc = $en] $name,)*
        }

        impl Msg {
            /// The text in `lang`.
            pub fn text(self, lang: Language) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Language::Polish) => $pl,
                      (Msg::$name, Language::English) => $en,)*
                }
            }
        }
    };
}

messages! {
    ScreenOverview => "Przegląd", "Overview";
    ScreenFamilies => "Rodziny", "Families";
    ScreenWorkPlan => "Plan pracy", "Work plan";
    ScreenCalendar => "Kalendarz", "Calendar";
    ScreenAlerts => "Alerty", "Alerts";
    ActQuit => "wyjście", "quit";
    ActHelp => "pomoc", "help";
    ActNextScreen => "następny ekran", "next screen";
    ActPrevScreen => "poprzedni ekran", "previous screen";
    ActUp => "w górę", "up";
    ActDown => "w dół", "down";
    ActPageUp => "stronę w górę", "page up";
    ActPageDown => "stronę w dół", "page down";
    ActFirst => "na początek", "to the top";
    ActLast => "na koniec", "to the end";
    ActOpen => "otwórz", "open";
    ActBack => "zamknij / wróć", "close / back";
    ActPrevDay => "poprzedni dzień", "previous day";
    ActNextDay => "następny dzień", "next day";
    ActPrevWeek => "tydzień wcześniej", "week earlier";
    ActNextWeek => "tydzień później", "week later";
    ActPrevMonth => "miesiąc wcześniej", "month earlier";
    ActNextMonth => "miesiąc później", "month later";
    ActToday => "dziś", "today";
    ActNewFamily => "nowa rodzina", "new family";
    ActEditFamily => "edytuj rodzinę", "edit family";
    ActStatus => "zmień status", "change status";
    ActMembers => "członkowie rodziny", "family members";
    ActCooperation => "współpraca (instytucje)", "cooperation log";
    ActDeleteFamily => "usuń omyłkowy wpis", "delete a mistaken entry";
    HelpTitle => "Pomoc — klawisze", "Help — keys";
    HelpClose => "Dowolny klawisz zamyka pomoc.", "Any key closes the help.";
    ScopeGlobal => "Wszędzie", "Everywhere";
    ScopeLists => "Listy i teksty", "Lists and text";
    TodayIs => "Dziś", "Today";
    User => "Użytkownik", "User";
    NoAccount => "bez konta: cały ośrodek", "no account: whole office";
    VisitsToday => "Wizyty dziś i jutro", "Visits today and tomorrow";
    NoVisits => "Brak zaplanowanych wizyt.", "No visits planned.";
    Tomorrow => "jutro", "tomorrow";
    TodayWord => "dziś", "today";
    Overdue => "Zaległe", "Overdue";
    DueSoon => "Termin w ciągu", "Due within";
    Days => "dni", "days";
    NothingOverdue => "Nic zaległego.", "Nothing overdue.";
    NothingDue => "Brak terminów w tym okresie.", "Nothing due in this period.";
    Caseload => "Obciążenie", "Caseload";
    MyCaseload => "Moje rodziny", "My families";
    Assistants => "Asystenci", "Assistants";
    ColFamiliesShort => "rodz.", "fam.";
    ColOverdueShort => "zal.", "late";
    ColSoonShort => "wkr.", "soon";
    NoAssistantRow => "bez asystenta", "no assistant";
    ByKind => "Rodzaje", "By kind";
    NoAssistants => "Brak asystentów.", "No assistants.";
    ReferredFamilies => "Skierowane rodziny", "Families I referred";
    NoReferredFamilies => "Brak rodzin.", "No families.";
    More => "więcej", "more";
    ColCase => "Nr sprawy", "Case no.";
    ColFamily => "Rodzina", "Family";
    ColAssistant => "Asystent", "Assistant";
    ColStatus => "Status", "Status";
    ColChildren => "Dzieci", "Kids";
    ColNextDue => "Najbliższy termin", "Next due";
    ColAddress => "Adres", "Address";
    ColFlags => "Oznaczenia", "Flags";
    ColDue => "Termin", "Due";
    ColWhat => "Czego dotyczy", "What";
    ColWhen => "Kiedy", "When";
    NoFamilies => "Brak rodzin w rejestrze.", "No families in the register.";
    Address => "Adres", "Address";
    Phones => "Telefony", "Phones";
    SocialWorker => "Pracownik socjalny", "Social worker";
    Referral => "Skierowanie", "Referral";
    Consent => "Zgoda rodziny", "Family's consent";
    WorkStarted => "Początek pracy", "Work started";
    CourtObliged => "zobowiązanie sądu", "court-obliged";
    ZaZyciem => "Za życiem", "Za życiem";
    NiebieskaKarta => "Niebieska Karta", "Niebieska Karta";
    Kurator => "kurator", "court supervisor";
    FosterCare => "piecza zastępcza", "foster care";
    Members => "Członkowie rodziny", "Family members";
    NoMembers => "Brak członków rodziny.", "No family members.";
    Pesel => "PESEL", "PESEL";
    Since => "od", "since";
    Coordinator => "koordynator", "coordinator";
    ReturnedHome => "powrót do domu", "returned home";
    LeftHousehold => "wyprowadził(a) się", "left the household";
    Closure => "Zakończenie pracy", "End of work";
    MonitoringUntil => "monitorowanie do", "monitoring until";
    Assessments => "Oceny okresowe", "Periodic assessments";
    NextAssessment => "Następna ocena", "Next assessment";
    CourtRequests => "Wnioski sądu", "Court requests";
    Delivered => "dostarczono", "delivered";
    Cooperation => "Współpraca z instytucjami", "Cooperation with institutions";
    Notes => "Uwagi", "Notes";
    FamilyName => "Nazwisko rodziny", "Family name";
    PhonesHint => "Telefony (przecinkami)", "Phones (commas)";
    SocialWorkerName => "PS: imię i nazwisko", "Social worker: name";
    SocialWorkerPhone => "PS: telefon", "Social worker: phone";
    ReferralDate => "Data skierowania", "Referral date";
    ConsentDate => "Data zgody rodziny", "Consent date";
    CourtObligedField => "Zobowiązanie sądu", "Court-obliged";
    KuratorName => "Kurator (nazwisko)", "Court supervisor (name)";
    RoleField => "Rola", "Role";
    FirstName => "Imię", "First name";
    StaffName => "Imię i nazwisko pracownika", "Staff member's full name";
    LastName => "Nazwisko", "Last name";
    BirthDate => "Data urodzenia", "Birth date";
    LeftHouseholdOn => "Wyprowadzka (data)", "Left household on";
    FosterSince => "Piecza zastępcza od", "Foster care since";
    FosterFormField => "Forma pieczy", "Form of care";
    CoordinatorName => "Koordynator pieczy", "Foster coordinator";
    CoordinatorPhone => "Koordynator: telefon", "Coordinator: phone";
    ReturnedHomeOn => "Powrót do domu (data)", "Returned home on";
    ChangeDate => "Data zmiany", "Date of the change";
    ReasonField => "Powód", "Reason";
    OtherReason => "Inny powód (opis)", "Other reason (text)";
    Summary => "Podsumowanie", "Summary";
    MonitoringUntilField => "Monitorowanie do", "Monitoring until";
    DateField => "Data", "Date";
    InstitutionKindField => "Rodzaj instytucji", "Kind of institution";
    InstitutionName => "Nazwa instytucji", "Institution";
    Person => "Osoba", "Person";
    Note => "Notatka", "Note";
    NoAssistant => "— brak —", "— none —";
    NewFamily => "Nowa rodzina", "New family";
    EditFamily => "Edycja rodziny", "Edit family";
    NewMember => "Nowy członek rodziny", "New family member";
    EditMember => "Edycja członka rodziny", "Edit family member";
    NewCooperation => "Nowy wpis współpracy", "New cooperation entry";
    EditCooperation => "Edycja wpisu współpracy", "Edit cooperation entry";
    FormKeys => "Tab/Shift-Tab: pole · Spacja/←→: wybór · Ctrl-S: zapisz · Esc: anuluj", "Tab/Shift-Tab: field · Space/←→: choose · Ctrl-S: save · Esc: cancel";
    DiscardAsk => "Porzucić niezapisane zmiany? t = tak, n = nie", "Discard unsaved changes? y = yes, n = no";
    Saved => "Zapisano.", "Saved.";
    StatusMenu => "Zmiana statusu", "Change of status";
    NoTransition => "Z tego statusu nie ma dozwolonych zmian.", "No change is allowed from this status.";
    MembersKeys => "n: nowy · e/Enter: edytuj · d: usuń · Esc: wróć", "n: new · e/Enter: edit · d: delete · Esc: back";
    CooperationKeys => "n: nowy wpis · e/Enter: edytuj · Esc: wróć", "n: new entry · e/Enter: edit · Esc: back";
    NoCooperation => "Brak wpisów współpracy.", "No cooperation entries.";
    History => "Historia statusu", "Status history";
    ViewedBy => "Kto przeglądał (ostatnio)", "Who viewed it (latest)";
    Registered => "rejestracja", "registered";
    ChooseKeys => "↑↓: wybór · Enter: dalej · Esc: wróć", "↑↓: choose · Enter: continue · Esc: back";
    DrawnUpField => "Data sporządzenia", "Drawn up on";
    PeriodFrom => "Okres od", "Period from";
    PeriodTo => "Okres do", "Period to";
    GoalText => "Cel", "Goal";
    GoalAreaField => "Obszar", "Area";
    ActionWhat => "Działanie", "Action";
    ActionWho => "Kto", "Who";
    ActionDeadline => "Termin", "Deadline";
    ActionEffect => "Oczekiwany efekt", "Expected effect";
    ActionStatusField => "Stan", "Status";
    DoneOn => "Wykonano dnia", "Done on";
    NotDoneReason => "Powód niewykonania", "Why not done";
    ConsultedWithField => "Pracownik socjalny", "Social worker";
    ConsultationDate => "Data konsultacji", "Consultation date";
    LinkCoordinator => "Koordynator pieczy", "Foster coordinator";
    LinkDate => "Data uzgodnienia", "Coordination date";
    SignedFamilyField => "Podpis rodziny (data)", "Family signed on";
    SignedAssistantField => "Podpis asystenta (data)", "Assistant signed on";
    PlanHeader => "Plan: daty i podpisy", "Plan: dates and signatures";
    Diagnosis => "Diagnoza", "Diagnosis";
    NewGoal => "Nowy cel", "New goal";
    EditGoal => "Edycja celu", "Edit goal";
    NewAction => "Nowe działanie", "New action";
    EditAction => "Edycja działania", "Edit action";
    NewPlan => "Nowy plan pracy", "New work plan";
    PlanHistory => "historia — tylko do odczytu", "history — read-only";
    PlanCurrent => "aktualna", "current";
    SupersededOn => "historia, zastąpiona", "history, superseded";
    Timeline => "Wizyty i współpraca, od najnowszych", "Visits and cooperation, newest first";
    Continued => "cd.", "cont.";
    CourtField => "Sąd", "Court";
    SignatureField => "Sygnatura akt", "Case signature";
    ReceivedField => "Data wpływu", "Received on";
    DueField => "Termin opinii", "Opinion due";
    DeliveredField => "Opinię przekazano (data)", "Opinion delivered on";
    NewCourtRequest => "Wniosek sądu o opinię", "Court's request for an opinion";
    ActCourtRequest => "wniosek sądu", "court request";
    AssessmentDate => "Data oceny", "Assessment date";
    Changes => "Zmiany w rodzinie", "Changes in the family";
    ChildSafety => "Bezpieczeństwo i opieka nad dziećmi", "Child safety and care";
    CooperationText => "Współpraca rodziny", "The family's cooperation";
    ResourcesRisks => "Zasoby i zagrożenia", "Resources and risks";
    RecommendationField => "Rekomendacja", "Recommendation";
    SentToHead => "Przekazano kierownikowi (data)", "Sent to the head (date)";
    GoalProgressField => "Postęp celu", "Goal progress";
    NewAssessment => "Ocena okresowa sytuacji rodziny", "Periodic assessment of the family";
    ActAssessment => "ocena okresowa", "periodic assessment";
    ActCorrectAssessment => "popraw ostatnią ocenę", "correct the newest assessment";
    CorrectAssessment => "Korekta oceny okresowej z", "Correction of the periodic assessment of";
    NoAssessmentToCorrect => "Rodzina nie ma jeszcze oceny okresowej do poprawienia.", "The family has no periodic assessment to correct yet.";
    CooperationShort => "współpraca", "cooperation";
    VisitTime => "Godzina", "Time";
    VisitDuration => "Czas trwania (min)", "Duration (min)";
    PlaceField => "Miejsce", "Place";
    PlaceText => "Inne miejsce (opis)", "Other place (text)";
    VisitKindField => "Rodzaj kontaktu", "Kind of contact";
    Present => "Obecni", "Present";
    SinceLast => "Zrobione od ostatniej wizyty", "Done since the last visit";
    DoneNow => "Zrobione podczas wizyty", "Done during the visit";
    Tasks => "Zadania do następnego spotkania", "Tasks until the next meeting";
    Outcome => "Przebieg", "Outcome";
    NextVisit => "Następna wizyta (data)", "Next visit (date)";
    NextVisitTime => "Następna wizyta (godzina)", "Next visit (time)";
    NewVisit => "Nowa wizyta", "New visit";
    RecordVisit => "Zapis wizyty", "Visit record";
    Reschedule => "Przełożenie wizyty", "Reschedule the visit";
    DayVisits => "Wizyty dnia", "Visits of the day";
    DayVisitsKeys => "n: nowa · Enter: zapis · r: przełóż · x: odwołaj · p/P: drukuj/DOCX · Esc", "n: new · Enter: record · r: reschedule · x: cancel · p/P: print/DOCX · Esc";
    NothingMatches => "nic nie pasuje", "nothing matches";
    NotTyped => "Wklejenia nie przyjęto: to pole wybiera się spacją lub strzałkami.", "Paste refused: this field is chosen with Space or the arrows.";
    PlaceHome => "dom rodziny", "family's home";
    PlaceOffice => "biuro", "office";
    PlaceOther => "inne miejsce", "another place";
    ActDoneTick => "Wykonane", "Done";
    ConfirmCancelVisit => "Odwołać tę wizytę? Zostanie w historii. t = tak, n = nie", "Cancel this visit? It stays in the history. y = yes, n = no";
    ActNewVisit => "nowa wizyta", "new visit";
    ActDayVisits => "wizyty dnia", "the day's visits";
    VisitPast => "Wizyta jeszcze się nie odbyła: zapis będzie możliwy w jej dniu.", "The visit has not taken place yet: it can be recorded on its day.";
    WarnSaveAgain => "Ctrl-S jeszcze raz zapisuje mimo to.", "Ctrl-S again saves anyway.";
    FormKeysText => "Enter: nowy wiersz · Ctrl-U/R: cofnij/ponów · Ctrl-S: zapisz · Esc: anuluj", "Enter: new line · Ctrl-U/R: undo/redo · Ctrl-S: save · Esc: cancel";
    NoGoals => "Brak celów: g dodaje cel.", "No goals: g adds a goal.";
    ActNewGoal => "nowy cel", "new goal";
    ActNewAction => "nowe działanie", "new action";
    ActEditItem => "edytuj", "edit";
    ActDeleteItem => "usuń cel/działanie", "delete goal/action";
    ActMoveUp => "przesuń wyżej", "move up";
    ActMoveDown => "przesuń niżej", "move down";
    ActMarkDone => "działanie wykonane dziś", "action done today";
    ActNewVersion => "nowy plan / nowa wersja", "new plan / new version";
    ActOlderVersion => "starsza wersja", "older version";
    ActNewerVersion => "nowsza wersja", "newer version";
    ActPrint => "drukuj do pliku", "print to a file";
    ConfirmNewVersion => "Zacząć nową wersję planu? Obecna stanie się historią. t = tak, n = nie", "Start a new version of the plan? The current one becomes history. y = yes, n = no";
    ConfirmDeleteItem => "Usunąć zaznaczony cel lub działanie? t = tak, n = nie", "Delete the selected goal or action? y = yes, n = no";
    NoFamilySelected => "Wybierz rodzinę na ekranie Rodziny (2), aby zobaczyć jej plan.", "Select a family on the Families screen (2) to see its plan.";
    NoPlan => "Ta rodzina nie ma jeszcze planu pracy.", "This family has no work plan yet.";
    PlanDueBy => "Plan powinien powstać do", "The plan is due by";
    PlanVersion => "wersja", "version";
    DrawnUp => "sporządzony", "drawn up";
    Period => "okres", "period";
    Strengths => "Mocne strony i zasoby", "Strengths and resources";
    Problems => "Problemy i zagrożenia", "Problems and risks";
    Goal => "Cel", "Goal";
    Who => "kto", "who";
    Deadline => "termin", "deadline";
    NoDeadline => "bez terminu", "no deadline";
    Effect => "efekt", "effect";
    NoEffect => "brak oczekiwanego efektu", "no expected effect";
    ConsultedWith => "Konsultacja z PS", "Consulted with the social worker";
    NoConsultation => "BRAK konsultacji z pracownikiem socjalnym", "NO consultation with the social worker";
    ChildPlan => "Koordynacja z planem pomocy dziecku", "Coordinated with the child's help plan";
    NoChildPlan => "BRAK koordynacji z planem pomocy dziecku (dziecko w pieczy)", "NO coordination with the child's help plan (child in foster care)";
    Signed => "Podpisy", "Signatures";
    SignedFamily => "rodzina", "family";
    SignedAssistant => "asystent", "assistant";
    NotSigned => "brak", "none";
    VisitsOn => "Wizyty", "Visits";
    NoVisitsOnDay => "Brak wizyt tego dnia.", "No visits on this day.";
    VisitsInMonth => "wizyt w miesiącu", "visits this month";
    NoAlerts => "Brak alertów. Wszystkie terminy są odległe.", "No alerts. Every deadline is far off.";
    DamagedRecords => "Rekordy, których nie da się odczytać", "Records that cannot be read";
    TooSmallTitle => "Terminal jest za mały", "The terminal is too small";
    TooSmallHint => "Powiększ okno; nic nie zostało utracone.", "Enlarge the window; nothing was lost.";
    ConflictChoice => "w = wczytaj zapisaną wersję (twój tekst przepadnie) · z = zachowaj swój tekst (Ctrl-S zapisze go zamiast tamtej zmiany) · Esc = wróć do formularza", "r = reload the stored version (your text goes) · k = keep your text (Ctrl-S then saves it over that change) · Esc = back to the form";
    ConflictKept => "Twój tekst zostaje. Ctrl-S zapisze go zamiast zmiany, która była w międzyczasie.", "Your text stays. Ctrl-S saves it over the change made meanwhile.";
    ActPrivacy => "ukryj dane osobowe", "hide personal data";
    PrivacyOn => "Nazwiska, adresy i PESEL ukryte (z: pokaż).", "Surnames, addresses and PESELs hidden (z: show).";
    PrivacyOff => "Dane osobowe widoczne.", "Personal data shown.";
    LockedTitle => "Ekran zablokowany", "Screen locked";
    LockedHint => "Naciśnij dowolny klawisz.", "Press any key.";
    ServerLost => "Utracono połączenie z serwerem. Łączę ponownie; wpisany tekst zostaje.", "The connection to the server was lost. Reconnecting; typed text stays.";
    ServerBack => "Połączono ponownie z serwerem; dane wczytane na nowo.", "Connected to the server again; the data was read afresh.";
    LinkLocal => "lokalnie", "local";
    ReadingRegister => "Wczytuję rejestr… (klawisze zaczekają)", "Reading the register… (keys will wait)";
    LinkAttached => "serwer", "server";
    LinkOffline => "brak połączenia", "offline";
    HeldCount => "odbyte", "held";
    PlannedCount => "zaplanowane", "planned";
    CalendarLegend => "dziś, 22. dzień, 5 wizyt", "today, day 22, 5 visits";
    DocTitle => "PLAN PRACY Z RODZINĄ", "WORK PLAN WITH THE FAMILY";
    DocVisitTitle => "ZAPIS WIZYTY ASYSTENTA RODZINY", "RECORD OF THE FAMILY ASSISTANT'S VISIT";
    DocLegalBasis => "(art. 15 ust. 1 pkt 1–2 i ust. 3 ustawy z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej)", "(Art. 15(1)(1)–(2) and 15(3) of the Act of 9 June 2011 on family support and the foster care system)";
    DocCaseNumber => "Nr sprawy", "Case number";
    DocFamily => "Rodzina", "Family";
    DocAddress => "Adres", "Address";
    DocAssistant => "Asystent rodziny", "Family assistant";
    DocVersion => "Wersja planu", "Plan version";
    DocSupersededOn => "zastąpiona nowszą wersją", "replaced by a newer version on";
    DocDrawnUp => "Data sporządzenia", "Drawn up on";
    DocPeriod => "Okres realizacji", "Period covered";
    DocMembers => "CZŁONKOWIE RODZINY", "FAMILY MEMBERS";
    DocBorn => "ur.", "born";
    DocInFosterCare => "w pieczy zastępczej od", "in foster care since";
    DocDiagnosis => "DIAGNOZA SYTUACJI RODZINY", "DIAGNOSIS OF THE FAMILY'S SITUATION";
    DocGoals => "CELE I DZIAŁANIA", "GOALS AND ACTIONS";
    DocArea => "obszar", "area";
    DocAction => "Działanie", "Action";
    DocWho => "Kto", "Who";
    DocDeadline => "Termin", "Deadline";
    DocEffect => "Oczekiwany efekt", "Expected effect";
    DocStatus => "Stan", "Status";
    DocOverdue => "PO TERMINIE", "OVERDUE";
    DocMissing => "BRAK", "MISSING";
    DocNoGoals => "BRAK — plan nie ma celów.", "MISSING — the plan has no goals.";
    DocNoActions => "BRAK działań prowadzących do tego celu.", "MISSING: no actions lead to this goal.";
    DocConsultation => "KONSULTACJA Z PRACOWNIKIEM SOCJALNYM (art. 15 ust. 1 pkt 1)", "CONSULTATION WITH THE SOCIAL WORKER (Art. 15(1)(1))";
    DocConsultedWith => "Plan skonsultowano z pracownikiem socjalnym", "The plan was consulted with the social worker";
    DocNoConsultation => "BRAK — plan nie został skonsultowany z pracownikiem socjalnym.", "MISSING — the plan was not consulted with the social worker.";
    DocCoordination => "KOORDYNACJA Z PLANEM POMOCY DZIECKU (art. 15 ust. 1 pkt 2)", "COORDINATION WITH THE CHILD'S HELP PLAN (Art. 15(1)(2))";
    DocCoordinatedWith => "Plan skoordynowano z planem pomocy dziecku, uzgodniono z", "The plan was coordinated with the child's help plan, agreed with";
    DocNoCoordination => "BRAK — dziecko przebywa w pieczy zastępczej, a plan nie został skoordynowany z planem pomocy dziecku.", "MISSING — a child is in foster care and the plan was not coordinated with the child's help plan.";
    DocOn => "dnia", "on";
    DocSignatures => "PODPISY", "SIGNATURES";
    DocSignFamily => "Rodzina (członkowie rodziny)", "The family (family members)";
    DocSignDate => "data", "date";
    DocPlan => "plan pracy", "work plan";
    DocPrinted => "wydruk", "printed";
    DocPage => "strona", "page";
    DocOpinionTitle => "OPINIA O RODZINIE", "OPINION ON THE FAMILY";
    DocOpinionBasis => "sporządzona przez asystenta rodziny na wniosek sądu (art. 15 ust. 1 pkt 17 ustawy z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej)", "drawn up by the family assistant at the court's request (Art. 15(1)(17) of the Act of 9 June 2011 on family support and the foster care system)";
    DocDraft => "PROJEKT — do uzupełnienia, sprawdzenia i podpisania przez asystenta rodziny", "DRAFT — to be completed, checked and signed by the family assistant";
    DocToComplete => "[DO UZUPEŁNIENIA PRZEZ ASYSTENTA]", "[TO BE COMPLETED BY THE ASSISTANT]";
    DocCourt => "Sąd", "Court";
    DocSignature => "Sygnatura akt", "Case signature";
    DocReceived => "Wniosek wpłynął", "Request received";
    DocOpinionDue => "Termin opinii", "Opinion due";
    DocOpinionPeriod => "Okres objęty opinią", "Period of the opinion";
    DocCompositionHeading => "I. SKŁAD RODZINY", "I. THE FAMILY'S COMPOSITION";
    DocHistoryHeading => "II. PRZEBIEG WSPÓŁPRACY Z RODZINĄ", "II. HISTORY OF THE WORK WITH THE FAMILY";
    DocPlanHeading => "III. PLAN PRACY Z RODZINĄ — CELE I ICH REALIZACJA", "III. THE WORK PLAN — GOALS AND THEIR PROGRESS";
    DocAssessmentsHeading => "IV. OKRESOWE OCENY SYTUACJI RODZINY", "IV. PERIODIC ASSESSMENTS OF THE FAMILY'S SITUATION";
    DocVisitsHeading => "V. WIZYTY I SPOTKANIA Z RODZINĄ", "V. VISITS AND MEETINGS WITH THE FAMILY";
    DocCooperationHeading => "VI. WSPÓŁPRACA Z INSTYTUCJAMI", "VI. COOPERATION WITH INSTITUTIONS";
    DocConclusionsHeading => "VII. WNIOSKI", "VII. CONCLUSIONS";
    DocRecommendationHeading => "VIII. STANOWISKO I REKOMENDACJA ASYSTENTA RODZINY", "VIII. THE ASSISTANT'S POSITION AND RECOMMENDATION";
    DocAgeOn => "wiek na koniec okresu", "age at the end of the period";
    DocLeftOn => "wyprowadził(a) się", "left the household on";
    DocReturnedOn => "powrót do domu", "returned home on";
    DocCoordinator => "koordynator", "coordinator";
    DocNoMembersInPeriod => "Brak członków rodziny w tym okresie.", "No family members in this period.";
    DocReferral => "Skierowanie", "Referral";
    DocReferredBy => "pracownik socjalny", "social worker";
    DocBasisOfWork => "Podstawa pracy z rodziną", "Basis of the work";
    DocCourtObligation => "zobowiązanie przez sąd", "obliged by a court";
    DocVoluntary => "praca dobrowolna, zgoda rodziny z dnia", "voluntary, the family consented on";
    DocNoConsent => "praca dobrowolna — BRAK daty zgody rodziny", "voluntary — the family's consent date is MISSING";
    DocWorkStarted => "Początek pracy", "Work started";
    DocNotStarted => "praca nie rozpoczęła się", "work has not started";
    DocFlags => "Oznaczenia", "Flags";
    DocNoFlags => "brak", "none";
    DocStatusHistory => "Historia statusu sprawy", "History of the case's status";
    DocClosure => "Zakończenie pracy", "End of work";
    DocPlanVersions => "Wersje planu obowiązujące w okresie", "Plan versions in force in the period";
    DocInForceUntil => "obowiązywała do", "in force until";
    DocNoPlanInPeriod => "BRAK planu pracy obowiązującego w tym okresie.", "MISSING — no work plan was in force in this period.";
    DocGoalsOfVersion => "Cele i działania planu w wersji", "Goals and actions of plan version";
    DocDoneBefore => "wykonane przed początkiem okresu", "done before the period";
    DocNotFinishedInPeriod => "niezakończone na koniec okresu", "not finished by the end of the period";
    DocProgressAt => "postęp według oceny z", "progress by the assessment of";
    DocNoAssessmentsInPeriod => "Brak ocen okresowych w tym okresie.", "No periodic assessments in this period.";
    DocAssessmentOf => "Ocena z dnia", "Assessment of";
    DocCovering => "za okres", "covering";
    DocNoVisitsInPeriod => "Brak wizyt i spotkań w tym okresie.", "No visits or meetings in this period.";
    DocVisitsTotal => "Kontakty w okresie", "Contacts in the period";
    DocVisitsByKind => "Według rodzaju kontaktu", "By kind of contact";
    DocHeldDates => "Daty odbytych kontaktów", "Dates of the contacts held";
    DocMissedVisits => "Kontakty nieodbyte (nieobecność rodziny, odwołane)", "Contacts that did not take place (family absent, cancelled)";
    DocNoMissedVisits => "brak", "none";
    DocHours => "godz.", "h";
    DocNoCooperationInPeriod => "Brak wpisów współpracy z instytucjami w tym okresie.", "No cooperation entries in this period.";
    DocLastRecommendation => "Rekomendacja ostatniej oceny okresowej w okresie", "Recommendation of the last periodic assessment in the period";
    DocHead => "Kierownik ośrodka", "Head of the centre";
    DocOpinionFooter => "opinia", "opinion";
    DocDraftOf => "projekt", "draft";
    DocBriefTitle => "INFORMACJA O RODZINIE", "FAMILY BRIEF";
    DocBriefPurpose => "dla osoby zastępującej asystenta i na konferencję w sprawie rodziny — stan na dzień", "for a stand-in colleague and a case conference — as of";
    DocPhones => "Telefony", "Phones";
    DocSocialWorker => "Pracownik socjalny", "Social worker";
    DocCaseStatus => "Status sprawy", "Case status";
    DocRisksHeading => "OZNACZENIA I ZAGROŻENIA", "FLAGS AND RISKS";
    DocPlanRisks => "Problemy i zagrożenia (plan pracy)", "Problems and risks (work plan)";
    DocAssessmentRisks => "Zasoby i zagrożenia (ocena z", "Resources and risks (assessment of";
    DocChildInCare => "dziecko w pieczy zastępczej", "child in foster care";
    DocNiebieskaKartaOpen => "procedura Niebieskiej Karty", "Niebieska Karta procedure";
    DocCurrentGoals => "AKTUALNE CELE I OTWARTE DZIAŁANIA", "CURRENT GOALS AND OPEN ACTIONS";
    DocNoCurrentPlan => "BRAK aktualnego planu pracy.", "MISSING — no current work plan.";
    DocNoOpenActions => "wszystkie działania zakończone", "every action is finished";
    DocMoreActions => "dalsze otwarte działania", "further open actions";
    DocLastVisits => "OSTATNIE WIZYTY", "LAST VISITS";
    DocNoVisitsYet => "Brak wizyt.", "No visits.";
    DocDueNext => "NAJBLIŻSZE TERMINY", "DUE NEXT";
    DocNothingDue => "Brak otwartych terminów.", "No open deadlines.";
    DocNextVisit => "Następna zaplanowana wizyta", "Next planned visit";
    DocBriefFooter => "informacja o rodzinie", "family brief";
    ActCycleView => "miesiąc/tydzień/agenda", "month/week/agenda";
    ActGoToDate => "idź do daty", "go to date";
    ActEarlierHours => "godzina wcześniej", "an hour earlier";
    ActLaterHours => "godzina później", "an hour later";
    CalWeek => "Tydzień", "Week";
    CalAgenda => "Agenda", "Agenda";
    CalHiddenEarlier => "wcześniej", "earlier";
    CalHiddenLater => "później", "later";
    CalHolidayLegend => "święto", "holiday";
    CalNoVisits => "brak wizyt", "no visits";
    CalMoreVisits => "więcej", "more";
    CalGoToPrompt => "Idź do daty", "Go to date";
    CalGoToHint => "Enter idź · Esc anuluj · dd.mm.rrrr, rrrr-mm-dd, dziś, jutro, +N", "Enter go · Esc cancel · dd.mm.yyyy, yyyy-mm-dd, today, tomorrow, +N";
    CalPerHour => "liczba wizyt rozpoczynanych w danej godzinie: tydzień ma ich za dużo, by każdą pokazać", "visits starting in each hour: the week has too many to show each";
    CalKindLegend => "W wizyta · A asysta · T telefon · I interwencja · K konsultacja · Z zajęcia", "H home · A accompany · P phone · I intervention · C consult · G group";
    HolidayNewYear => "Nowy Rok", "New Year's Day";
    HolidayEpiphany => "Trzech Króli", "Epiphany";
    HolidayEasterSunday => "Wielkanoc", "Easter Sunday";
    HolidayEasterMonday => "Poniedziałek Wielkanocny", "Easter Monday";
    HolidayLabourDay => "Święto Pracy", "Labour Day";
    HolidayConstitutionDay => "Święto Konstytucji 3 Maja", "Constitution Day";
    HolidayPentecost => "Zielone Świątki", "Pentecost";
    HolidayCorpusChristi => "Boże Ciało", "Corpus Christi";
    HolidayAssumption => "Wniebowzięcie NMP", "Assumption Day";
    HolidayAllSaints => "Wszystkich Świętych", "All Saints' Day";
    HolidayIndependenceDay => "Święto Niepodległości", "Independence Day";
    HolidayChristmasEve => "Wigilia", "Christmas Eve";
    HolidayChristmasDay => "Boże Narodzenie", "Christmas Day";
    HolidaySecondDayOfChristmas => "Drugi dzień świąt", "Second Day of Christmas";
    KindCodeHomeVisit => "W", "H";
    KindCodeAccompaniment => "A", "A";
    KindCodePhoneCall => "T", "P";
    KindCodeIntervention => "I", "I";
    KindCodeConsultation => "K", "C";
    KindCodeGroupClass => "Z", "G";
    ActFilter => "szukaj", "search";
    ActStatusFilter => "filtr statusu", "status filter";
    ActAssistantFilter => "filtr asystenta", "assistant filter";
    ActSort => "kolejność", "sort order";
    ActCaseload => "obciążenie", "caseload";
    FilterAllStatuses => "wszystkie statusy", "all statuses";
    FilterActive => "tylko aktywne", "active only";
    FilterMonitoring => "tylko monitoring", "monitoring only";
    FilterClosed => "tylko zamknięte", "closed only";
    AllAssistants => "wszyscy asystenci", "all assistants";
    SortCase => "wg nr sprawy", "by case no.";
    SortName => "wg nazwy", "by name";
    SortDue => "wg terminu", "by due date";
    OfTotal => "z", "of";
    Search => "Szukaj", "Search";
    SearchTypingHint => "Enter zatwierdza · Esc czyści", "Enter keeps · Esc clears";
    SearchSetHint => "/ zmień · Esc wyczyść", "/ change · Esc clears";
    NoMatches => "Żadna rodzina nie spełnia warunków filtra.", "No family matches the filter.";
    CaseloadTitle => "Obciążenie asystentów", "Assistants' caseload";
    CaseloadLimit => "limit", "limit";
    CaseloadFull => "PEŁNY", "FULL";
    CaseloadNear => "prawie", "near";
    CaseloadHint => "Enter rodziny asystenta · n zastępstwo za asystenta · c/Esc zamknij", "Enter the assistant's families · n a stand-in for the assistant · c/Esc close";
    ScreenReports => "Raport", "Report";
    ActPrevPeriod => "poprzednie półrocze", "previous half-year";
    ActNextPeriod => "następne półrocze", "next half-year";
    ActReportPeriod => "inny okres", "another period";
    ActExportPeriod => "rodziny i wizyty okresu do CSV", "the period's families and visits as CSV";
    ReportPeriod => "Okres raportu", "Period of the report";
    ReportPeriodBackwards => "Koniec okresu jest przed jego początkiem.", "The period ends before it starts.";
    ReportFamilyGone => "Tej rodziny nie ma już w rejestrze.", "This family is no longer in the register.";
    ReportsSupervisorOnly => "Raport półroczny jest dla kierownika.", "The half-year report is the supervisor's.";
    ReportHint => "Enter rekordy za liczbą · [ ] półrocze · d okres · x CSV", "Enter the records behind a figure · [ ] half-year · d period · x CSV";
    ReportItemsHint => "Enter otwórz rodzinę · Esc wróć do wierszy", "Enter open the family · Esc back to the rows";
    ReportNoItems => "(nic)", "(none)";
    ActPrintDocx => "drukuj jako DOCX", "print as DOCX";
    ActBrief => "informacja o rodzinie", "family brief";
    ActBriefDocx => "informacja o rodzinie (DOCX)", "family brief (DOCX)";
    ActOpinion => "opinia dla sądu", "court opinion";
    OpinionTitle => "Projekt opinii dla sądu", "Court opinion draft";
    OpinionRequest => "Wniosek sądu", "Court request";
    DocFormat => "Format", "Format";
    NoCourtRequest => "Rodzina nie ma wniosku sądu o opinię (r: zarejestruj wniosek).", "The family has no court request for an opinion (r: register one).";
    StandInFrom => "Od dnia", "From";
    StandInTo => "Do dnia (włącznie)", "To (inclusive)";
    ColStandIns => "Zastępstwa", "Stand-ins";
    StandInTitle => "Zastępstwo za nieobecnego asystenta", "A stand-in for an absent assistant";
    StandInSubstitute => "Zastępuje", "Stand-in";
    StandInSupervisorOnly => "Zastępstwa ustala tylko kierownik.", "Only a supervisor grants stand-ins.";
    StandInNoColleague => "Nie ma innego aktywnego asystenta, który mógłby zastąpić.", "There is no other active assistant to stand in.";
    ColActiveFamilies => "Aktywne rodziny", "Active families";
}

/// Label of a domain value in the interface language.
pub trait Label {
    /// The label in `lang`.
    fn label(&self, lang: Language) -> &'static str;
}

/// "the first 200 of 3712": how many of a day's visits a list holds.
pub fn first_of(lang: Language, shown: usize, total: usize) -> String {
    match lang {
        Language::Polish => format!("pierwsze {shown} z {total}"),
        Language::English => format!("the first {shown} of {total}"),
    }
}

fn pick(lang: Language, pl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Polish => pl,
        Language::English => en,
    }
}

macro_rules! labels {
    ($ty:ty { $($pat:pat => $pl:literal, $en:literal;)* }) => {
        impl Label for $ty {
            fn label(&self, lang: Language) -> &'static str {
                match self {
                    $($pat => pick(lang, $pl, $en),)*
                }
            }
        }
    };
}

labels!(FamilyStatus {
    FamilyStatus::Referred => "skierowana", "referred";
    FamilyStatus::Active => "aktywna", "active";
    FamilyStatus::Suspended => "zawieszona", "suspended";
    FamilyStatus::Closed => "zamknięta", "closed";
    FamilyStatus::Monitoring => "monitoring", "monitoring";
    FamilyStatus::Archived => "archiwum", "archived";
});

labels!(InstitutionKind {
    InstitutionKind::School => "szkoła", "school";
    InstitutionKind::Kindergarten => "przedszkole", "kindergarten";
    InstitutionKind::Court => "sąd", "court";
    InstitutionKind::Kurator => "kurator", "court supervisor";
    InstitutionKind::Police => "policja", "police";
    InstitutionKind::Pcpr => "PCPR", "PCPR";
    InstitutionKind::HealthCare => "ochrona zdrowia", "health care";
    InstitutionKind::Psychologist => "psycholog", "psychologist";
    InstitutionKind::Ngo => "organizacja pozarządowa", "NGO";
    InstitutionKind::InterdisciplinaryTeam => "zespół interdyscyplinarny", "interdisciplinary team";
    InstitutionKind::Other => "inna", "other";
});

labels!(GoalProgress {
    GoalProgress::Achieved => "osiągnięty", "achieved";
    GoalProgress::Partly => "częściowo", "partly";
    GoalProgress::NotAchieved => "nieosiągnięty", "not achieved";
});

labels!(Recommendation {
    Recommendation::Continue => "kontynuować pracę", "continue the work";
    Recommendation::ChangePlan => "zmienić plan", "change the plan";
    Recommendation::Close => "zakończyć pracę", "close the work";
    Recommendation::ReferElsewhere => "skierować gdzie indziej", "refer elsewhere";
});

labels!(Role {
    Role::Assistant => "asystent rodziny", "family assistant";
    Role::SocialWorker => "pracownik socjalny", "social worker";
    Role::Supervisor => "kierownik", "supervisor";
    Role::Admin => "administrator", "administrator";
});

labels!(MemberRole {
    MemberRole::Mother => "matka", "mother";
    MemberRole::Father => "ojciec", "father";
    MemberRole::Guardian => "opiekun", "guardian";
    MemberRole::Child => "dziecko", "child";
    MemberRole::Other => "inna osoba", "other";
});

labels!(FosterForm {
    FosterForm::FosterFamily => "rodzina zastępcza", "foster family";
    FosterForm::FamilyChildrensHome => "rodzinny dom dziecka", "family children's home";
    FosterForm::Institution => "placówka", "institution";
});

labels!(GoalArea {
    GoalArea::Upbringing => "opieka i wychowanie", "upbringing and care";
    GoalArea::Health => "zdrowie", "health";
    GoalArea::Budget => "budżet domowy", "household budget";
    GoalArea::Housekeeping => "prowadzenie domu", "housekeeping";
    GoalArea::OfficialMatters => "sprawy urzędowe", "official matters";
    GoalArea::EducationWork => "edukacja i praca", "education and work";
    GoalArea::SocialActivity => "aktywność społeczna", "social activity";
    GoalArea::Psychological => "wsparcie psychologiczne", "psychological support";
    GoalArea::ChildSupport => "wsparcie dzieci", "child support";
    GoalArea::Safety => "bezpieczeństwo", "safety";
    GoalArea::Other => "inne", "other";
});

labels!(ActionStatus {
    ActionStatus::Planned => "zaplanowane", "planned";
    ActionStatus::InProgress => "w toku", "in progress";
    ActionStatus::Done(_) => "wykonane", "done";
    ActionStatus::NotDone(_) => "niewykonane", "not done";
});

labels!(VisitKind {
    VisitKind::HomeVisit => "wizyta domowa", "home visit";
    VisitKind::Accompaniment => "asysta w urzędzie", "accompaniment";
    VisitKind::PhoneCall => "telefon", "phone call";
    VisitKind::Intervention => "interwencja", "intervention";
    VisitKind::Consultation => "konsultacja", "consultation";
    VisitKind::GroupClass => "zajęcia grupowe", "group class";
});

labels!(VisitStatus {
    VisitStatus::Planned => "zaplanowana", "planned";
    VisitStatus::Held => "odbyta", "held";
    VisitStatus::Cancelled => "odwołana", "cancelled";
    VisitStatus::FamilyAbsent => "nieobecność", "family absent";
});

labels!(DeadlineKind {
    DeadlineKind::Assessment => "ocena okresowa", "assessment";
    DeadlineKind::WorkPlan => "brak planu pracy", "no work plan";
    DeadlineKind::CourtOpinion => "opinia dla sądu", "court opinion";
    DeadlineKind::PlanIncomplete => "plan niepełny", "plan incomplete";
    DeadlineKind::NoConsultation => "brak konsultacji", "no consultation";
    DeadlineKind::ActionDeadline => "termin działania", "action deadline";
    DeadlineKind::NoChildPlanLink => "brak koordynacji", "no coordination";
    DeadlineKind::VisitOutcome => "wizyta bez wpisu", "visit unrecorded";
    DeadlineKind::NoContact => "brak kontaktu", "no contact";
    DeadlineKind::MonitoringCheckIn => "monitorowanie", "monitoring check";
    DeadlineKind::MonitoringEnded => "koniec monitor.", "monitoring ended";
});

labels!(ClosureReason {
    ClosureReason::GoalsAchieved => "cele osiągnięte", "goals achieved";
    ClosureReason::FamilyResigned => "rezygnacja rodziny", "family resigned";
    ClosureReason::NoCooperation => "brak współpracy", "no cooperation";
    ClosureReason::MovedOut => "wyprowadzka", "moved out";
    ClosureReason::ChildPlacedInFosterCare => "umieszczenie dziecka w pieczy", "child placed in foster care";
    ClosureReason::Other(_) => "inny powód", "other reason";
});

/// Short name of a deadline kind for narrow columns (at most 6 characters).
pub fn deadline_short(lang: Language, kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Assessment => pick(lang, "ocena", "review"),
        DeadlineKind::WorkPlan => pick(lang, "plan", "plan"),
        DeadlineKind::CourtOpinion => pick(lang, "opinia", "court"),
        DeadlineKind::PlanIncomplete => pick(lang, "plan!", "plan!"),
        DeadlineKind::NoConsultation => pick(lang, "PS!", "SW!"),
        DeadlineKind::ActionDeadline => pick(lang, "dział.", "action"),
        DeadlineKind::NoChildPlanLink => pick(lang, "piecza", "foster"),
        DeadlineKind::VisitOutcome => pick(lang, "wizyta", "visit"),
        DeadlineKind::NoContact => pick(lang, "kont.!", "cont.!"),
        DeadlineKind::MonitoringCheckIn => pick(lang, "monit.", "monit."),
        DeadlineKind::MonitoringEnded => pick(lang, "arch.", "arch."),
    }
}

/// Why a deadline of `kind` exists, in one line (the rule behind the alert).
pub fn deadline_reason(lang: Language, kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Assessment => pick(
            lang,
            "okresowa ocena sytuacji rodziny, co najmniej co 6 miesięcy (art. 15 ust. 1 pkt 15)",
            "periodic assessment of the family's situation, at least every 6 months (art. 15(1)(15))",
        ),
        DeadlineKind::WorkPlan => pick(
            lang,
            "rodzina aktywna bez planu pracy po terminie od rozpoczęcia pracy (art. 15 ust. 3)",
            "an active family has no work plan by its due date after work started (art. 15(3))",
        ),
        DeadlineKind::CourtOpinion => pick(
            lang,
            "sąd czeka na opinię o rodzinie (art. 15 ust. 1 pkt 17)",
            "a court is waiting for an opinion on the family (art. 15(1)(17))",
        ),
        DeadlineKind::PlanIncomplete => pick(
            lang,
            "działania planu bez terminu lub oczekiwanego efektu (art. 15 ust. 3)",
            "plan actions without a deadline or an expected effect (art. 15(3))",
        ),
        DeadlineKind::NoConsultation => pick(
            lang,
            "plan pracy nie został skonsultowany z pracownikiem socjalnym (art. 15 ust. 1 pkt 1)",
            "the work plan was not consulted with the social worker (art. 15(1)(1))",
        ),
        DeadlineKind::ActionDeadline => pick(
            lang,
            "termin działania z planu pracy, które nie zostało zakończone",
            "the deadline of a plan action that is not finished",
        ),
        DeadlineKind::NoChildPlanLink => pick(
            lang,
            "dziecko w pieczy: plan nieskoordynowany z planem pomocy dziecku (art. 15 ust. 1 pkt 2)",
            "a child in foster care: the plan is not coordinated with the child's help plan (art. 15(1)(2))",
        ),
        DeadlineKind::VisitOutcome => pick(
            lang,
            "zaplanowana wizyta minęła bez wpisu o jej przebiegu (art. 15 ust. 1 pkt 14)",
            "a planned visit has passed without a record of its outcome (art. 15(1)(14))",
        ),
        DeadlineKind::NoContact => pick(
            lang,
            "rodzina aktywna bez odbytej wizyty przez ustaloną liczbę dni",
            "an active family has had no held visit for the configured number of days",
        ),
        DeadlineKind::MonitoringCheckIn => pick(
            lang,
            "kontakt z rodziną monitorowaną po zakończeniu pracy (art. 15 ust. 1 pkt 16)",
            "a check-in with a family monitored after the work ended (art. 15(1)(16))",
        ),
        DeadlineKind::MonitoringEnded => pick(
            lang,
            "okres monitorowania minął: sprawę można zarchiwizować",
            "the monitoring period is over: the case can be archived",
        ),
    }
}

/// "Anna Kowalska" → "A. Kowalska", for narrow columns.
pub fn short_name(name: &str) -> String {
    let mut words = name.split_whitespace();
    match (words.next(), words.next_back()) {
        (Some(first), Some(last)) => {
            let initial: String = first.chars().take(1).collect();
            format!("{initial}. {last}")
        }
        _ => name.to_string(),
    }
}

/// Polish plural form: 1 → `one`, 2–4 (not 12–14) → `few`, else `many`.
fn plural_pl(n: i64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    let n = n.abs();
    if n == 1 {
        one
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        few
    } else {
        many
    }
}

/// "in 3 days", "tomorrow", "today", "5 days overdue".
pub fn days_left(lang: Language, days: i64) -> String {
    match (lang, days) {
        (Language::Polish, 0) => "dziś".into(),
        (Language::Polish, 1) => "jutro".into(),
        (Language::Polish, d) if d > 1 => format!("za {d} dni"),
        (Language::Polish, d) => {
            format!("{} {} po terminie", -d, plural_pl(d, "dzień", "dni", "dni"))
        }
        (Language::English, 0) => "today".into(),
        (Language::English, 1) => "tomorrow".into(),
        (Language::English, d) if d > 1 => format!("in {d} days"),
        (Language::English, -1) => "1 day overdue".into(),
        (Language::English, d) => format!("{} days overdue", -d),
    }
}

/// "3 lata" / "3 years".
pub fn age(lang: Language, years: i32) -> String {
    match lang {
        Language::Polish => format!(
            "{years} {}",
            plural_pl(i64::from(years), "rok", "lata", "lat")
        ),
        Language::English if years == 1 => "1 year".into(),
        Language::English => format!("{years} years"),
    }
}

/// "3 rodziny" / "3 families".
pub fn families_count(lang: Language, n: usize) -> String {
    match lang {
        Language::Polish => format!(
            "{n} {}",
            plural_pl(n as i64, "rodzina", "rodziny", "rodzin")
        ),
        Language::English if n == 1 => "1 family".into(),
        Language::English => format!("{n} families"),
    }
}

/// Full weekday name; Monday is 0.
pub fn weekday(lang: Language, monday_based: u32) -> &'static str {
    const PL: [&str; 7] = [
        "poniedziałek",
        "wtorek",
        "środa",
        "czwartek",
        "piątek",
        "sobota",
        "niedziela",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let i = (monday_based % 7) as usize;
    pick(lang, PL[i], EN[i])
}

/// Two-letter weekday abbreviation; Monday is 0.
pub fn weekday_short(lang: Language, monday_based: u32) -> &'static str {
    const PL: [&str; 7] = ["Pn", "Wt", "Śr", "Cz", "Pt", "So", "Nd"];
    const EN: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    let i = (monday_based % 7) as usize;
    pick(lang, PL[i], EN[i])
}

/// Month name in the nominative (calendar headers); January is 1.
pub fn month(lang: Language, month: u32) -> &'static str {
    const PL: [&str; 12] = [
        "styczeń",
        "luty",
        "marzec",
        "kwiecień",
        "maj",
        "czerwiec",
        "lipiec",
        "sierpień",
        "wrzesień",
        "październik",
        "listopad",
        "grudzień",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    pick(lang, PL[i], EN[i])
}

/// "Terminal 60×20; at least 80×24 is needed."
pub fn too_small(lang: Language, width: u16, height: u16) -> String {
    match lang {
        Language::Polish => format!("Terminal ma {width}×{height}; potrzeba co najmniej 80×24."),
        Language::English => format!("The terminal is {width}×{height}; at least 80×24 is needed."),
    }
}

/// The closure reason with its text for "other".
pub fn closure_reason(lang: Language, reason: &ClosureReason) -> String {
    match reason {
        ClosureReason::Other(text) => format!("{}: {text}", reason.label(lang)),
        r => r.label(lang).to_string(),
    }
}

/// Yes or no.
pub fn yes_no(lang: Language, value: bool) -> &'static str {
    match (lang, value) {
        (Language::Polish, true) => "tak",
        (Language::Polish, false) => "nie",
        (Language::English, true) => "yes",
        (Language::English, false) => "no",
    }
}

/// Why a typed date was not accepted, for a form field.
pub fn date_error(lang: Language, error: &DateError) -> String {
    match (lang, error) {
        (Language::Polish, DateError::Empty) => "podaj datę",
        (Language::Polish, DateError::Format) => "data: dd.mm.rrrr, rrrr-mm-dd, dziś, jutro, +N",
        (Language::Polish, DateError::NoSuchDay) => "takiego dnia nie ma w kalendarzu",
        (Language::Polish, DateError::OutOfRange) => "rok musi być z zakresu 1900–2200",
        (Language::English, DateError::Empty) => "enter a date",
        (Language::English, DateError::Format) => {
            "date: dd.mm.yyyy, yyyy-mm-dd, today, tomorrow, +N"
        }
        (Language::English, DateError::NoSuchDay) => "there is no such day in the calendar",
        (Language::English, DateError::OutOfRange) => "the year must be between 1900 and 2200",
    }
    .to_string()
}

/// Why a typed PESEL was not accepted.
pub fn pesel_error(lang: Language, error: &PeselError) -> String {
    match (lang, error) {
        (Language::Polish, PeselError::Length) => "PESEL ma 11 cyfr",
        (Language::Polish, PeselError::NotDigits) => "PESEL składa się z samych cyfr",
        (Language::Polish, PeselError::Checksum) => "błędna cyfra kontrolna PESEL",
        (Language::Polish, PeselError::BirthDate) => "PESEL zawiera niemożliwą datę urodzenia",
        (Language::English, PeselError::Length) => "a PESEL has 11 digits",
        (Language::English, PeselError::NotDigits) => "a PESEL has only digits",
        (Language::English, PeselError::Checksum) => "the PESEL's check digit is wrong",
        (Language::English, PeselError::BirthDate) => "the PESEL holds an impossible birth date",
    }
    .to_string()
}

/// Label of a validated field, for messages that name another field.
pub fn field_label(field: Field) -> Msg {
    match field {
        Field::CaseNumber => Msg::ColCase,
        Field::FamilyName => Msg::FamilyName,
        Field::Address => Msg::Address,
        Field::Phones => Msg::PhonesHint,
        Field::SocialWorkerName => Msg::SocialWorkerName,
        Field::SocialWorkerPhone => Msg::SocialWorkerPhone,
        Field::ReferralDate => Msg::ReferralDate,
        Field::ConsentDate => Msg::ConsentDate,
        Field::Kurator => Msg::KuratorName,
        Field::Notes => Msg::Notes,
        Field::StaffName => Msg::StaffName,
        Field::FirstName => Msg::FirstName,
        Field::LastName => Msg::LastName,
        Field::BirthDate => Msg::BirthDate,
        Field::Pesel => Msg::Pesel,
        Field::LeftHousehold => Msg::LeftHouseholdOn,
        Field::FosterSince => Msg::FosterSince,
        Field::CoordinatorName => Msg::CoordinatorName,
        Field::CoordinatorPhone => Msg::CoordinatorPhone,
        Field::ReturnedHome => Msg::ReturnedHomeOn,
        Field::CooperationDate => Msg::DateField,
        Field::InstitutionName => Msg::InstitutionName,
        Field::Person => Msg::Person,
        Field::Note => Msg::Note,
        Field::DrawnUp => Msg::DrawnUpField,
        Field::PeriodFrom => Msg::PeriodFrom,
        Field::PeriodTo => Msg::PeriodTo,
        Field::Strengths => Msg::Strengths,
        Field::Problems => Msg::Problems,
        Field::GoalText => Msg::GoalText,
        Field::ActionWhat => Msg::ActionWhat,
        Field::ActionWho => Msg::ActionWho,
        Field::ActionEffect => Msg::ActionEffect,
        Field::DoneOn => Msg::DoneOn,
        Field::NotDoneReason => Msg::NotDoneReason,
        Field::ConsultedWith => Msg::ConsultedWithField,
        Field::ConsultationDate => Msg::ConsultationDate,
        Field::LinkCoordinator => Msg::LinkCoordinator,
        Field::LinkDate => Msg::LinkDate,
        Field::SignedFamily => Msg::SignedFamilyField,
        Field::SignedAssistant => Msg::SignedAssistantField,
        Field::VisitFamily => Msg::ColFamily,
        Field::VisitDate => Msg::DateField,
        Field::VisitTime => Msg::VisitTime,
        Field::Duration => Msg::VisitDuration,
        Field::PlaceText => Msg::PlaceText,
        Field::Present => Msg::Present,
        Field::SinceLast => Msg::SinceLast,
        Field::DoneNow => Msg::DoneNow,
        Field::Tasks => Msg::Tasks,
        Field::AssessmentDate => Msg::AssessmentDate,
        Field::Changes => Msg::Changes,
        Field::ChildSafety => Msg::ChildSafety,
        Field::CooperationText => Msg::CooperationText,
        Field::ResourcesRisks => Msg::ResourcesRisks,
        Field::SentToHead => Msg::SentToHead,
        Field::Court => Msg::CourtField,
        Field::Signature => Msg::SignatureField,
        Field::Received => Msg::ReceivedField,
        Field::Due => Msg::DueField,
        Field::Delivered => Msg::DeliveredField,
    }
}

/// What is wrong with a field's value.
pub fn problem(lang: Language, problem: &FieldProblem) -> String {
    use Language::{English, Polish};
    match (lang, problem) {
        (Polish, FieldProblem::Required) => "pole wymagane".into(),
        (English, FieldProblem::Required) => "required".into(),
        (Polish, FieldProblem::TooLong { len, max }) => format!("{len} znaków, najwyżej {max}"),
        (English, FieldProblem::TooLong { len, max }) => {
            format!("{len} characters, at most {max}")
        }
        (Polish, FieldProblem::ControlChars) => "znaki sterujące są niedozwolone".into(),
        (English, FieldProblem::ControlChars) => "control characters are not allowed".into(),
        (Polish, FieldProblem::InFuture) => "data z przyszłości".into(),
        (English, FieldProblem::InFuture) => "date in the future".into(),
        (_, FieldProblem::Before(other)) => match lang {
            Polish => format!("wcześniej niż: {}", field_label(*other).text(lang)),
            English => format!("before: {}", field_label(*other).text(lang)),
        },
        (Polish, FieldProblem::OutOfRange { min, max }) => format!("od {min} do {max}"),
        (English, FieldProblem::OutOfRange { min, max }) => format!("from {min} to {max}"),
        (Polish, FieldProblem::NotATime) => "godzina: GG:MM, np. 17:30".into(),
        (English, FieldProblem::NotATime) => "time: HH:MM, e.g. 17:30".into(),
        (Polish, FieldProblem::PeselBirthDate(d)) => {
            format!("PESEL wskazuje datę urodzenia {}", format_date(*d))
        }
        (English, FieldProblem::PeselBirthDate(d)) => {
            format!("the PESEL gives birth date {}", format_date(*d))
        }
    }
}

/// Typed or pasted text refused because the field would get too long.
pub fn refused_too_long(lang: Language, given: usize, max: usize) -> String {
    match lang {
        Language::Polish => {
            format!("Odrzucono {given} znaków: to pole mieści najwyżej {max}. Nic nie ucięto.")
        }
        Language::English => {
            format!("Refused {given} characters: this field takes at most {max}. Nothing was cut.")
        }
    }
}

/// The title of a status change.
pub fn transition(lang: Language, t: Transition) -> &'static str {
    match t {
        Transition::Activate => pick(lang, "Rozpoczęcie pracy", "Start the work"),
        Transition::Suspend => pick(lang, "Zawieszenie pracy", "Suspend the work"),
        Transition::Resume => pick(lang, "Wznowienie pracy", "Resume the work"),
        Transition::Close => pick(lang, "Zakończenie pracy", "End the work"),
        Transition::Archive => pick(lang, "Archiwizacja", "Archive"),
        Transition::Reopen => pick(lang, "Ponowne otwarcie sprawy", "Reopen the case"),
    }
}

/// A refused register command explained for the user.
pub fn command_error(lang: Language, error: &CommandError) -> String {
    use Language::{English, Polish};
    match (lang, error) {
        (_, CommandError::Store(e)) => store_error(lang, e),
        (_, CommandError::Invalid(i)) => format!(
            "{}: {}",
            field_label(i.field).text(lang),
            problem(lang, &i.problem)
        ),
        (_, CommandError::Lifecycle(e)) => lifecycle_error(lang, e),
        (Polish, CommandError::Forbidden { login }) => {
            format!("Użytkownik {login} nie może zmieniać tej rodziny.")
        }
        (English, CommandError::Forbidden { login }) => {
            format!("User {login} may not change this family.")
        }
        (Polish, CommandError::SupervisorOnly { login }) => {
            format!("Dziennik zdarzeń czyta tylko kierownik; {login} nie ma takiego konta.")
        }
        (English, CommandError::SupervisorOnly { login }) => {
            format!("Only a supervisor reads the audit log; {login} has no such account.")
        }
        (Polish, CommandError::NotFound(_)) => {
            "Tego rekordu już nie ma (usunięty w międzyczasie).".into()
        }
        (English, CommandError::NotFound(_)) => {
            "This record no longer exists (deleted meanwhile).".into()
        }
        (
            Polish,
            CommandError::DuplicateCaseNumber {
                case_number,
                family,
            },
        ) => format!(
            "Numer sprawy {} ma już rodzina {}.",
            quoted(case_number),
            quoted(family)
        ),
        (
            English,
            CommandError::DuplicateCaseNumber {
                case_number,
                family,
            },
        ) => format!(
            "Case number {} already belongs to family {}.",
            quoted(case_number),
            quoted(family)
        ),
        (Polish, CommandError::AdminOnly { login }) => {
            format!("Konta pracowników zmienia tylko administrator; {login} nim nie jest.")
        }
        (English, CommandError::AdminOnly { login }) => {
            format!("Only an administrator changes staff accounts; {login} is not one.")
        }
        (Polish, CommandError::UnknownStaff { login }) => {
            format!("Nie ma konta pracownika {}.", quoted(login))
        }
        (English, CommandError::UnknownStaff { login }) => {
            format!("There is no staff account {}.", quoted(login))
        }
        (Polish, CommandError::LoginTaken { login }) => {
            format!("Login {} ma już inne konto.", quoted(login))
        }
        (English, CommandError::LoginTaken { login }) => {
            format!("The login {} already has an account.", quoted(login))
        }
        (Polish, CommandError::InvalidLogin { login }) => format!(
            "{} to nie login: małe litery, cyfry, kropka, _ i -, na początku litera, do 32 znaków.",
            quoted(login)
        ),
        (English, CommandError::InvalidLogin { login }) => format!(
            "{} is not a login: lower-case letters, digits, dot, _ and -, a letter first, up to 32 characters.",
            quoted(login)
        ),
        (Polish, CommandError::NotAnAssistant { login }) => {
            format!("{login} nie jest czynnym asystentem rodziny.")
        }
        (English, CommandError::NotAnAssistant { login }) => {
            format!("{login} is not an active family assistant.")
        }
        (Polish, CommandError::StandIn(problem)) => match problem {
            StandInProblem::SamePerson => "Asystent nie może zastępować samego siebie.".into(),
            StandInProblem::FromAfterTo => "Zastępstwo musi zaczynać się przed końcem.".into(),
            StandInProblem::AlreadyOver => "To zastępstwo już się skończyło.".into(),
        },
        (English, CommandError::StandIn(problem)) => match problem {
            StandInProblem::SamePerson => "An assistant cannot stand in for themselves.".into(),
            StandInProblem::FromAfterTo => "A stand-in must start before it ends.".into(),
            StandInProblem::AlreadyOver => "That stand-in is already over.".into(),
        },
        (Polish, CommandError::OnlyNewestAssessment) => {
            "Poprawić można tylko najnowszą ocenę okresową; starsze są historią.".into()
        }
        (English, CommandError::OnlyNewestAssessment) => {
            "Only the newest periodic assessment may be corrected; older ones are history.".into()
        }
        (Polish, CommandError::VisitNotPlanned) => {
            "Tę wizytę już zapisano lub odwołano; przełożyć ani odwołać jej nie można.".into()
        }
        (English, CommandError::VisitNotPlanned) => {
            "This visit is already recorded or cancelled; it cannot be moved or cancelled.".into()
        }
        (Polish, CommandError::PlanExists) => {
            "Rodzina ma już aktualny plan: zacznij nową wersję (n).".into()
        }
        (English, CommandError::PlanExists) => {
            "The family already has a current plan: start a new version (n).".into()
        }
        (Polish, CommandError::ReadOnlyVersion { version }) => {
            format!("Wersja {version} planu jest historią i nie można jej zmieniać.")
        }
        (English, CommandError::ReadOnlyVersion { version }) => {
            format!("Plan version {version} is history and cannot be changed.")
        }
        (Polish, CommandError::StillOpening) => {
            "Rejestr jeszcze się otwiera: nic nie zapisano. Spróbuj za chwilę.".into()
        }
        (English, CommandError::StillOpening) => {
            "The register is still opening: nothing was saved. Try again in a moment.".into()
        }
        (Polish, CommandError::Offline { .. }) => "Brak połączenia z serwerem: nic nie zapisano. \
            Tekst zostaje w formularzu; zapisz ponownie, gdy pasek stanu pokaże połączenie."
            .to_string(),
        (English, CommandError::Offline { .. }) => {
            "No connection to the server: nothing was saved. \
            The text stays in the form; save again once the status bar shows the connection."
                .to_string()
        }
        (Polish, CommandError::MemberDocumented { name }) => format!(
            "{} występuje w dokumentacji, więc nie można tej osoby usunąć. Wpisz datę wyprowadzki.",
            quoted(name)
        ),
        (English, CommandError::MemberDocumented { name }) => format!(
            "{} is named in the documentation and cannot be deleted. Enter the date they left the household.",
            quoted(name)
        ),
        (_, CommandError::ReportSupervisorOnly { login }) => report::supervisor_only(lang, login),
        (_, CommandError::PeriodBackwards { from, to }) => {
            report::period_backwards(lang, *from, *to)
        }
        (Polish, CommandError::ClientAuditRefused { action }) => format!(
            "Program może dopisać do dziennika zdarzeń tylko wydruk (print) lub eksport (export) \
             opisany jednym wierszem (do {CLIENT_ENTITY_MAX} znaków); odrzucono wpis „{}”.",
            action.code()
        ),
        (English, CommandError::ClientAuditRefused { action }) => format!(
            "A program may enter only a print or an export into the audit log, described in \
             one line (up to {CLIENT_ENTITY_MAX} characters); the “{}” entry was refused.",
            action.code()
        ),
    }
}

/// A refused status change or deletion explained for the user.
pub fn lifecycle_error(lang: Language, error: &LifecycleError) -> String {
    use Language::{English, Polish};
    match (lang, error) {
        (_, LifecycleError::NotAllowed { from, transition: t }) => match lang {
            Polish => format!(
                "{}: niemożliwe ze statusu „{}”.",
                transition(lang, *t),
                from.label(lang)
            ),
            English => format!(
                "{}: not possible from status “{}”.",
                transition(lang, *t),
                from.label(lang)
            ),
        },
        (Polish, LifecycleError::NeedsConsent) => "Praca jest dobrowolna: wpisz datę zgody rodziny albo zaznacz zobowiązanie sądu.".into(),
        (English, LifecycleError::NeedsConsent) => "Work is voluntary: enter the family's consent date or mark the court order.".into(),
        (Polish, LifecycleError::NoAssistant) => "Rodzina nie ma przydzielonego asystenta.".into(),
        (English, LifecycleError::NoAssistant) => "The family has no assistant assigned.".into(),
        (Polish, LifecycleError::CaseloadFull { assistant, active, limit }) => format!(
            "{assistant} pracuje już z {active} aktywnymi rodzinami; limit to {limit} (art. 15 ust. 4)."
        ),
        (English, LifecycleError::CaseloadFull { assistant, active, limit }) => format!(
            "{assistant} already works with {active} active families; the limit is {limit} (art. 15(4))."
        ),
        (Polish, LifecycleError::NeedsClosure) => "Zakończenie wymaga daty, powodu i podsumowania.".into(),
        (English, LifecycleError::NeedsClosure) => "Ending the work needs a date, a reason and a summary.".into(),
        (Polish, LifecycleError::BeforeLastChange { date, last }) => format!(
            "Data {} jest wcześniejsza niż ostatnia zmiana statusu ({}).",
            format_date(*date),
            format_date(*last)
        ),
        (English, LifecycleError::BeforeLastChange { date, last }) => format!(
            "The date {} is before the last change of status ({}).",
            format_date(*date),
            format_date(*last)
        ),
        (Polish, LifecycleError::InFuture(d)) => {
            format!("Data {} jest z przyszłości.", format_date(*d))
        }
        (English, LifecycleError::InFuture(d)) => {
            format!("The date {} is in the future.", format_date(*d))
        }
        (Polish, LifecycleError::HasDocumentation) => "Tę rodzinę można tylko zamknąć, nie usunąć: praca się zaczęła albo istnieje dokumentacja.".into(),
        (English, LifecycleError::HasDocumentation) => "This family can only be closed, not deleted: work has started or documentation exists.".into(),
    }
}

/// A monitoring end date before the closure date.
pub fn monitoring_before_closure(lang: Language) -> String {
    pick(
        lang,
        "monitorowanie nie może skończyć się przed zakończeniem pracy",
        "monitoring cannot end before the work ends",
    )
    .to_string()
}

/// Text in "other place" while the family's home or the office is chosen.
pub fn other_place_only(lang: Language) -> String {
    pick(
        lang,
        "wypełnij tylko przy „inne miejsce” albo wyczyść",
        "fill in only with “another place”, or clear it",
    )
    .to_string()
}

/// Text in "other reason" while another reason is chosen.
pub fn other_reason_only(lang: Language) -> String {
    pick(
        lang,
        "wypełnij tylko przy powodzie „inny powód” albo wyczyść",
        "fill in only with the reason “other reason”, or clear it",
    )
    .to_string()
}

/// Said when a form opens with the draft a dropped connection left.
pub fn draft_restored(lang: Language, saved_at: &str) -> String {
    // The time comes from the database: nothing in it may steer the terminal.
    let saved_at: String = saved_at
        .chars()
        .filter(|c| !c.is_control())
        .take(40)
        .collect();
    match lang {
        Language::Polish => {
            format!("Przywrócono niezapisany szkic z {saved_at}. Ctrl-S zapisuje, Esc porzuca.")
        }
        Language::English => {
            format!("Restored the unsaved draft of {saved_at}. Ctrl-S saves, Esc discards.")
        }
    }
}

/// The question before a family registered by mistake is deleted.
pub fn confirm_delete_family(lang: Language, name: &str, case_number: &str) -> String {
    match lang {
        Language::Polish => format!(
            "Usunąć rodzinę {} ({})? Tego nie można cofnąć. t = tak, n = nie",
            quoted(name),
            quoted(case_number)
        ),
        Language::English => format!(
            "Delete family {} ({})? This cannot be undone. y = yes, n = no",
            quoted(name),
            quoted(case_number)
        ),
    }
}

/// The question before a member added by mistake is deleted.
pub fn confirm_delete_member(lang: Language, name: &str) -> String {
    match lang {
        Language::Polish => format!("Usunąć osobę {}? t = tak, n = nie", quoted(name)),
        Language::English => format!("Delete {}? y = yes, n = no", quoted(name)),
    }
}

/// Said after a deletion.
pub fn deleted(lang: Language, name: &str) -> String {
    match lang {
        Language::Polish => format!("Usunięto: {}.", quoted(name)),
        Language::English => format!("Deleted: {}.", quoted(name)),
    }
}

/// A store error explained for the user, with what to do about it.
pub fn store_error(lang: Language, error: &StoreError) -> String {
    use Language::{English, Polish};
    match (lang, error) {
        (
            Polish,
            StoreError::Locked {
                path,
                pid,
                user,
                since,
            },
        ) => format!(
            "Baza danych {} jest już otwarta przez inny program asystent \
             (pid {pid}, użytkownik {user}, od {since}).\n\
             Bazę może otwierać tylko jeden program naraz. Zamknij tamten program \
             albo poczekaj, aż się zakończy.\n\
             Jeśli to serwer (asystent serve), stanowisko i polecenia staff, audit, alerts, \
             doc, plan export, report i export łączą się z nim same, gdy odpowiada jego \
             gniazdo (albo --server GNIAZDO); check, backup i restore uruchom przy \
             zatrzymanym serwerze.",
            path.display()
        ),
        (
            English,
            StoreError::Locked {
                path,
                pid,
                user,
                since,
            },
        ) => format!(
            "Database {} is already open in another asystent program \
             (pid {pid}, user {user}, since {since}).\n\
             Only one program may open a database at a time. Close that program \
             or wait until it ends.\n\
             If it is the server (asystent serve), the workstation and the staff, audit, \
             alerts, doc, plan export, report and export commands attach to it by themselves \
             when its socket answers (or --server SOCKET); run check, backup and restore \
             while it is stopped.",
            path.display()
        ),
        (
            Polish,
            StoreError::NewerSchema {
                path,
                found,
                supported,
            },
        ) => format!(
            "Baza danych {} ma wersję schematu {found}, a ten program zna wersje do {supported}.\n\
             Zaktualizuj program asystent; baza nie została zmieniona.",
            path.display()
        ),
        (
            English,
            StoreError::NewerSchema {
                path,
                found,
                supported,
            },
        ) => format!(
            "Database {} has schema version {found}; this program knows versions up to {supported}.\n\
             Update asystent; the database was not changed.",
            path.display()
        ),
        (Polish, StoreError::Directory { path, source }) => format!(
            "Nie można użyć katalogu bazy danych {}: {source}.\n\
             Sprawdź, czy katalog istnieje i czy masz do niego prawa, albo wskaż inny przez --db lub ASYSTENT_DB.",
            path.display()
        ),
        (English, StoreError::Directory { path, source }) => format!(
            "Cannot use the database directory {}: {source}.\n\
             Check that it exists and that you may use it, or choose another with --db or ASYSTENT_DB.",
            path.display()
        ),
        (Polish, StoreError::Corrupt { tree, key, reason }) => {
            format!(
                "Rekord {key} w {tree} jest uszkodzony ({reason}); pozostałe dane są nietknięte."
            )
        }
        (English, StoreError::Corrupt { tree, key, reason }) => {
            format!(
                "Record {key} in {tree} is damaged ({reason}); the rest of the data is untouched."
            )
        }
        (Polish, StoreError::Conflict { tree, id, .. }) => format!(
            "Rekord {id} ({tree}) został w międzyczasie zmieniony przez kogoś innego; nic nie nadpisano."
        ),
        (English, StoreError::Conflict { tree, id, .. }) => {
            format!(
                "Record {id} ({tree}) was changed by someone else meanwhile; nothing was overwritten."
            )
        }
        (Polish, StoreError::DiskFull) => {
            "Dysk jest pełny: nic nie zostało zapisane. Zwolnij miejsce i spróbuj ponownie.".into()
        }
        (English, StoreError::DiskFull) => {
            "The disk is full: nothing was saved. Free some space and try again.".into()
        }
        (Polish, StoreError::Io(msg)) => format!("Błąd zapisu lub odczytu bazy danych: {msg}"),
        (English, StoreError::Io(msg)) => format!("Database read or write error: {msg}"),
    }
}

/// A configuration error naming the file and the key.
pub fn config_error(lang: Language, error: &ConfigError) -> String {
    use Language::{English, Polish};
    match (lang, error) {
        (Polish, ConfigError::Io { path, source }) => {
            format!(
                "Nie można odczytać pliku konfiguracji {}: {source}",
                path.display()
            )
        }
        (English, ConfigError::Io { path, source }) => {
            format!(
                "Cannot read the configuration file {}: {source}",
                path.display()
            )
        }
        (Polish, ConfigError::Syntax { file, message }) => {
            format!(
                "Błąd w pliku konfiguracji {file}: {message}\nProgram nie uruchomił się z częściową konfiguracją."
            )
        }
        (English, ConfigError::Syntax { file, message }) => {
            format!(
                "Error in the configuration file {file}: {message}\nThe program did not start half-configured."
            )
        }
        (Polish, ConfigError::Value { file, key, problem }) => {
            let why = match problem {
                Problem::AboveStatute { max } => {
                    format!("nie może przekraczać ustawowego maksimum {max}")
                }
                Problem::OutOfRange { min, max } => {
                    format!("musi mieścić się w zakresie {min}–{max}")
                }
                Problem::UnknownLanguage(v) => {
                    format!(
                        "nieznany język {}: użyj \"pl\", \"en\" albo \"auto\"",
                        quoted(v)
                    )
                }
            };
            format!(
                "Błąd w pliku konfiguracji {file}: klucz {key} {why}.\nProgram nie uruchomił się z częściową konfiguracją."
            )
        }
        (English, ConfigError::Value { file, key, problem }) => {
            let why = match problem {
                Problem::UnknownLanguage(v) => {
                    format!(
                        "names an unknown language {}: use \"pl\", \"en\" or \"auto\"",
                        quoted(v)
                    )
                }
                other => other.to_string(),
            };
            format!(
                "Error in the configuration file {file}: key {key} {why}.\nThe program did not start half-configured."
            )
        }
    }
}

/// Most characters of user input repeated in a message.
const QUOTE_CHARS: usize = 40;

/// User input repeated in a message: quoted, control characters and escape sequences
/// shown as escapes (never sent to the terminal), cut after [`QUOTE_CHARS`] characters.
pub fn quoted(input: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in input.chars().enumerate() {
        if i == QUOTE_CHARS {
            out.push('…');
            break;
        }
        // Bidirectional overrides would reorder the rest of the message on screen.
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi || c == '"' || c == '\\' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// A `--today` value that is not a date.
pub fn bad_today(lang: Language, text: &str, error: &DateError) -> String {
    bad_date_option(lang, "--today", text, error)
}

/// A command-line date option that is not a date.
pub fn bad_date_option(lang: Language, option: &str, text: &str, error: &DateError) -> String {
    let why = match (lang, error) {
        (Language::Polish, DateError::Empty) => "nie podano daty",
        (Language::Polish, DateError::Format) => "użyj rrrr-mm-dd, dd.mm.rrrr, dziś, jutro albo +N",
        (Language::Polish, DateError::NoSuchDay) => "takiego dnia nie ma w kalendarzu",
        (Language::Polish, DateError::OutOfRange) => "rok musi być z zakresu 1900–2200",
        (Language::English, DateError::Empty) => "no date given",
        (Language::English, DateError::Format) => {
            "use YYYY-MM-DD, dd.mm.yyyy, today, tomorrow or +N"
        }
        (Language::English, DateError::NoSuchDay) => "there is no such day in the calendar",
        (Language::English, DateError::OutOfRange) => "the year must be between 1900 and 2200",
    };
    match lang {
        Language::Polish => format!("{option} {} to nie data: {why}.", quoted(text)),
        Language::English => format!("{option} {} is not a date: {why}.", quoted(text)),
    }
}

/// A save refused because someone changed the record since the form was opened.
pub fn changed_meanwhile(lang: Language, by: Option<&AuditEntry>) -> String {
    let who = by.map(|e| {
        let at = format!("{} {}", format_date(e.at.date()), e.at.format("%H:%M"));
        (e.login.clone(), at)
    });
    match (lang, who) {
        (Language::Polish, Some((login, at))) => format!(
            "Ten rekord zmienił(a) w międzyczasie {login} ({at}); nic nie nadpisano, twój tekst \
             zostaje w formularzu."
        ),
        (Language::Polish, None) => "Ten rekord zmieniono w międzyczasie; nic nie nadpisano, \
             twój tekst zostaje w formularzu."
            .into(),
        (Language::English, Some((login, at))) => format!(
            "{login} changed this record meanwhile ({at}); nothing was overwritten, your text \
             stays in the form."
        ),
        (Language::English, None) => "This record was changed meanwhile; nothing was \
             overwritten, your text stays in the form."
            .into(),
    }
}

/// A stand-in in the caseload view: for whom and until when.
pub fn stand_in_short(lang: Language, away: &str, to: &str) -> String {
    match lang {
        Language::Polish => format!("za {away} do {to}"),
        Language::English => format!("for {away} to {to}"),
    }
}

/// The status line after a stand-in is granted.
pub fn stand_in_granted(
    lang: Language,
    holder: &str,
    absent: &str,
    from: &str,
    to: &str,
) -> String {
    match lang {
        Language::Polish => format!("Zastępstwo: {holder} za {absent}, {from}–{to}."),
        Language::English => format!("Stand-in: {holder} for {absent}, {from}–{to}."),
    }
}

/// The lock screen's question: is the person at the keyboard this user?
pub fn lock_question(lang: Language, name: &str) -> String {
    match lang {
        Language::Polish => format!("Czy to Ty: {name}? t = tak, n = nie"),
        Language::English => format!("Is this you: {name}? y = yes, n = no"),
    }
}

/// The word before a stand-in in `asystent staff list`: "stands in for".
pub fn stand_in_word(lang: Language) -> &'static str {
    pick(lang, "zastępuje", "stands in for")
}

/// An active staff account in `asystent staff list`.
pub fn active_word(lang: Language) -> &'static str {
    pick(lang, "czynne", "active")
}

/// A disabled staff account in `asystent staff list`.
pub fn disabled_word(lang: Language) -> &'static str {
    pick(lang, "wyłączone", "disabled")
}

/// No --db, no ASYSTENT_DB and no home directory to put the data in.
pub fn no_data_dir(lang: Language) -> String {
    pick(
        lang,
        "Nie wiadomo, gdzie trzymać bazę danych: podaj --db ŚCIEŻKA albo ustaw ASYSTENT_DB.",
        "No place for the database is known: give --db PATH or set ASYSTENT_DB.",
    )
    .to_string()
}

/// Said by `asystent demo --no-open`.
pub fn demo_ready(lang: Language, path: &Path, created: bool) -> String {
    match (lang, created) {
        (Language::Polish, true) => format!("Utworzono bazę demonstracyjną w {}", path.display()),
        (Language::Polish, false) => format!(
            "Baza w {} ma już dane; pozostawiono ją bez zmian.",
            path.display()
        ),
        (Language::English, true) => format!("Created a demo database in {}", path.display()),
        (Language::English, false) => format!(
            "The database in {} already has data; left unchanged.",
            path.display()
        ),
    }
}

/// A tree or backup kind name in words, e.g. `visits_of_family` → "wizyty według rodziny".
pub fn tree_label(lang: Language, name: &str) -> &str {
    match name {
        "staff" => pick(lang, "pracownicy", "staff"),
        "families" | "family" => pick(lang, "rodziny", "families"),
        "members" | "member" => pick(lang, "członkowie rodzin", "family members"),
        "plans" | "plan" => pick(lang, "plany pracy", "work plans"),
        "visits" | "visit" => pick(lang, "wizyty", "visits"),
        "assessments" | "assessment" => pick(lang, "oceny okresowe", "periodic assessments"),
        "court_requests" | "court_request" => pick(lang, "wnioski sądu", "court requests"),
        "cooperation" => pick(lang, "współpraca z instytucjami", "cooperation"),
        "visit_places" => pick(lang, "miejsca zapisu wizyt", "where visits are stored"),
        "visits_of_family" => pick(lang, "wizyty według rodziny", "visits by family"),
        "families_by_assistant" => pick(lang, "rodziny według asystenta", "families by assistant"),
        "families_by_case_number" => {
            pick(lang, "rodziny według nr sprawy", "families by case number")
        }
        "families_by_case_sequence" => pick(
            lang,
            "rodziny według numeru w serii spraw",
            "families by number in a case series",
        ),
        "family_summaries" => pick(lang, "podsumowania rodzin", "family summaries"),
        "family_digests" => pick(
            lang,
            "skróty rodzin do przeglądu dnia",
            "family digests for the Overview",
        ),
        "visits_per_day" => pick(
            lang,
            "wizyty według dnia i godziny",
            "visits per day and hour",
        ),
        "meta" => pick(lang, "ustawienia bazy", "database settings"),
        "audit" => pick(lang, "wpisy dziennika zdarzeń", "audit log entries"),
        other => other,
    }
}

/// "wizyty (visits)": the words and the tree name that `check` reports use; the name
/// alone where the words are the same.
fn label_with_name(lang: Language, tree: &str) -> String {
    match tree_label(lang, tree) {
        label if label == tree => tree.to_string(),
        label => format!("{label} ({tree})"),
    }
}

/// "1 rekord", "3 rekordy", "5 rekordów" / "1 record", "5 records".
fn records_count(lang: Language, n: u64) -> String {
    match lang {
        Language::Polish => format!(
            "{n} {}",
            plural_pl(n as i64, "rekord", "rekordy", "rekordów")
        ),
        Language::English if n == 1 => "1 record".into(),
        Language::English => format!("{n} records"),
    }
}

/// The per-kind counts of a backup or restore on one line: "rodziny 450, wizyty 30 000, …".
fn counts_line(lang: Language, counts: &Counts) -> String {
    counts
        .by_kind()
        .iter()
        .chain([("audit", counts.audit)].iter().filter(|(_, n)| *n > 0))
        .map(|(kind, n)| format!("{} {n}", tree_label(lang, kind)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `asystent check` found: records and index entries per tree, then every problem.
pub fn check_report(lang: Language, db: &Path, report: &CheckReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{} {}",
        pick(lang, "Baza danych", "Database"),
        db.display()
    );
    let _ = writeln!(out, "{}", pick(lang, "Rekordy:", "Records:"));
    for tree in &report.trees {
        let label = label_with_name(lang, tree.tree);
        let _ = write!(out, "  {label:<48} {:>9}", tree.records);
        if tree.damaged > 0 {
            let _ = write!(
                out,
                "  {} {}",
                pick(lang, "uszkodzone:", "damaged:"),
                tree.damaged
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", pick(lang, "Indeksy:", "Indexes:"));
    for index in &report.indexes {
        let label = label_with_name(lang, index.tree);
        let state = if index.is_sound() {
            pick(lang, "zgodny z rekordami", "matches the records").to_string()
        } else {
            match lang {
                Language::Polish => format!(
                    "NIEZGODNY: brakuje {}, zbędnych {}, z niepustą wartością {}",
                    index.missing, index.stray, index.wrong_value
                ),
                Language::English => format!(
                    "OUT OF STEP: {} missing, {} stray, {} with a non-empty value",
                    index.missing, index.stray, index.wrong_value
                ),
            }
        };
        let _ = writeln!(out, "  {label:<48} {:>9}  {state}", index.entries);
        for (fault, key) in &index.examples {
            let what = match fault {
                IndexFault::Missing => pick(lang, "brak wpisu", "missing"),
                IndexFault::Stray => pick(lang, "zbędny wpis", "stray"),
                IndexFault::WrongValue => pick(lang, "niepusta wartość", "non-empty value"),
            };
            let _ = writeln!(out, "      {what}: {key}");
        }
    }
    if let Some(low) = report.id_counter {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Language::Polish => format!(
                    "Licznik identyfikatorów ({}) jest niższy niż najwyższy zapisany identyfikator ({}).",
                    low.counter, low.highest
                ),
                Language::English => format!(
                    "The id counter ({}) is below the highest stored id ({}).",
                    low.counter, low.highest
                ),
            }
        );
    }
    if !report.damaged.is_empty() {
        let _ = writeln!(
            out,
            "{} ({}):",
            pick(
                lang,
                "Uszkodzone rekordy (nie są usuwane)",
                "Damaged records (never deleted)"
            ),
            report.damaged.len()
        );
        for d in &report.damaged {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                label_with_name(lang, &d.tree),
                d.key,
                d.reason
            );
        }
    }
    out
}

/// The last line of `asystent check`: healthy, or what is wrong and what to do.
pub fn check_verdict(lang: Language, report: &CheckReport, after_repair: bool) -> String {
    let prefix = match (lang, after_repair) {
        (Language::Polish, false) => "Wynik: ",
        (Language::English, false) => "Result: ",
        (Language::Polish, true) => "Po naprawie: ",
        (Language::English, true) => "After the repair: ",
    };
    if report.is_healthy() {
        let total = records_count(lang, report.total_records());
        return match lang {
            Language::Polish => {
                format!("{prefix}baza jest w porządku: {total}, wszystkie indeksy zgodne.")
            }
            Language::English => {
                format!("{prefix}the database is sound: {total}, every index matches.")
            }
        };
    }
    let damaged = report.damaged.len() as u64;
    let bad_indexes = report.indexes.iter().filter(|i| !i.is_sound()).count() as u64;
    let mut problems = Vec::new();
    match lang {
        Language::Polish => {
            if damaged > 0 {
                problems.push(format!(
                    "{damaged} {}",
                    plural_pl(
                        damaged as i64,
                        "uszkodzony rekord",
                        "uszkodzone rekordy",
                        "uszkodzonych rekordów"
                    )
                ));
            }
            if bad_indexes > 0 {
                problems.push(format!(
                    "{bad_indexes} {}",
                    plural_pl(
                        bad_indexes as i64,
                        "indeks niezgodny z rekordami",
                        "indeksy niezgodne z rekordami",
                        "indeksów niezgodnych z rekordami"
                    )
                ));
            }
            if report.id_counter.is_some() {
                problems.push("za niski licznik identyfikatorów".into());
            }
        }
        Language::English => {
            if damaged > 0 {
                problems.push(if damaged == 1 {
                    "1 damaged record".into()
                } else {
                    format!("{damaged} damaged records")
                });
            }
            if bad_indexes > 0 {
                problems.push(if bad_indexes == 1 {
                    "1 index out of step with the records".into()
                } else {
                    format!("{bad_indexes} indexes out of step with the records")
                });
            }
            if report.id_counter.is_some() {
                problems.push("the id counter is too low".into());
            }
        }
    }
    let mut text = match lang {
        Language::Polish => format!("{prefix}znaleziono problemy: {}.", problems.join(", ")),
        Language::English => format!("{prefix}problems found: {}.", problems.join(", ")),
    };
    if !report.derived_is_sound() {
        text.push_str(pick(
            lang,
            "\n`asystent check --repair` przebuduje indeksy i licznik; rekordów nie zmienia.",
            "\n`asystent check --repair` rebuilds the indexes and the counter; it changes no record.",
        ));
    }
    if damaged > 0 {
        text.push_str(pick(
            lang,
            "\nUszkodzonych rekordów program nie usuwa: odtwórz je z kopii zapasowej \
             (asystent restore do nowej bazy) albo zgłoś administratorowi.",
            "\nDamaged records are never deleted: recover them from a backup \
             (asystent restore into a new database) or tell your administrator.",
        ));
    }
    text
}

/// Said by `asystent check --repair` before it checks again.
pub fn check_repairing(lang: Language) -> String {
    pick(
        lang,
        "Naprawa: przebudowuję indeksy i licznik identyfikatorów…",
        "Repair: rebuilding the indexes and the id counter…",
    )
    .to_string()
}

/// Said by `asystent backup` when the file is written.
pub fn backup_done(lang: Language, file: &Path, summary: &BackupSummary) -> String {
    let total = records_count(lang, summary.counts.total());
    let counts = counts_line(lang, &summary.counts);
    let mut text = match lang {
        Language::Polish => format!(
            "Zapisano kopię zapasową w {}: {total} ({counts}).",
            file.display()
        ),
        Language::English => format!("Wrote a backup to {}: {total} ({counts}).", file.display()),
    };
    if !summary.damaged.is_empty() {
        text.push('\n');
        text.push_str(&match lang {
            Language::Polish => format!(
                "UWAGA: {} nie da się odczytać, więc nie ma ich w kopii:",
                records_count(lang, summary.damaged.len() as u64)
            ),
            Language::English => format!(
                "WARNING: {} cannot be read and are not in the backup:",
                records_count(lang, summary.damaged.len() as u64)
            ),
        });
        for e in &summary.damaged {
            text.push_str("\n  ");
            text.push_str(&store_error(lang, e));
        }
    }
    text
}

/// Said by `asystent restore` when the backup is in the database.
pub fn restore_done(lang: Language, file: &Path, db: &Path, counts: &Counts) -> String {
    let total = records_count(lang, counts.total());
    let counts = counts_line(lang, counts);
    match lang {
        Language::Polish => format!(
            "Odtworzono kopię {} w bazie {}: {total} ({counts}).",
            file.display(),
            db.display()
        ),
        Language::English => format!(
            "Restored {} into {}: {total} ({counts}).",
            file.display(),
            db.display()
        ),
    }
}

/// `check` or `backup` pointed at a directory without a database.
pub fn no_database(lang: Language, path: &Path) -> String {
    match lang {
        Language::Polish => format!(
            "W {} nie ma bazy danych asystent. Wskaż bazę przez --db albo ASYSTENT_DB.",
            path.display()
        ),
        Language::English => format!(
            "There is no asystent database in {}. Name the database with --db or ASYSTENT_DB.",
            path.display()
        ),
    }
}

/// `plan export` with a case number the caller does not see (or that does not exist).
pub fn no_such_case(lang: Language, case_number: &str) -> String {
    match lang {
        Language::Polish => format!(
            "Nie znaleziono sprawy {} wśród rodzin, które widzisz.",
            quoted(case_number)
        ),
        Language::English => format!(
            "No case {} among the families you can see.",
            quoted(case_number)
        ),
    }
}

/// `plan export` for a family without a current plan.
pub fn no_plan_to_export(lang: Language, case_number: &str) -> String {
    match lang {
        Language::Polish => format!(
            "Rodzina w sprawie {} nie ma aktualnego planu pracy.",
            quoted(case_number)
        ),
        Language::English => format!(
            "The family of case {} has no current work plan.",
            quoted(case_number)
        ),
    }
}

/// `plan export --version N` for a version that does not exist.
pub fn no_plan_version(lang: Language, case_number: &str, version: u32) -> String {
    match lang {
        Language::Polish => format!(
            "Sprawa {} nie ma wersji {version} planu pracy.",
            quoted(case_number)
        ),
        Language::English => format!(
            "Case {} has no version {version} of the work plan.",
            quoted(case_number)
        ),
    }
}

/// Working time from held visits: day, week and month, in hours.
pub fn working_time(lang: Language, who: &str, day: u32, week: u32, month: u32) -> String {
    let h = |m: u32| {
        let tenths = (m * 10 + 30) / 60;
        match lang {
            Language::Polish => format!("{},{} h", tenths / 10, tenths % 10),
            Language::English => format!("{}.{} h", tenths / 10, tenths % 10),
        }
    };
    match lang {
        Language::Polish => format!(
            "{who}: dzień {} · tydz. {} · mies. {}",
            h(day),
            h(week),
            h(month)
        ),
        Language::English => format!(
            "{who}: day {} · week {} · month {}",
            h(day),
            h(week),
            h(month)
        ),
    }
}

/// Warning: the assistant has another visit then.
pub fn visit_overlap(lang: Language, family: &str, time: chrono::NaiveTime) -> String {
    match lang {
        Language::Polish => format!(
            "Uwaga: o {} ta sama osoba ma wizytę u rodziny {}.",
            time.format("%H:%M"),
            quoted(family)
        ),
        Language::English => format!(
            "Note: at {} the same assistant visits family {}.",
            time.format("%H:%M"),
            quoted(family)
        ),
    }
}

/// Warning: the day is a public holiday.
pub fn visit_on_holiday(lang: Language, holiday: &str) -> String {
    match lang {
        Language::Polish => format!("Uwaga: to święto ({holiday})."),
        Language::English => format!("Note: a public holiday ({holiday})."),
    }
}

/// Said when a document was written: where it is.
pub fn document_written(lang: Language, path: &Path) -> String {
    match lang {
        Language::Polish => format!("Zapisano dokument: {}", path.display()),
        Language::English => format!("Document written: {}", path.display()),
    }
}

/// The status line after the period's exports were written.
pub fn exports_written(lang: Language, dir: &Path, files: &[std::path::PathBuf]) -> String {
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    match lang {
        Language::Polish => format!("Zapisano CSV w {}: {}", dir.display(), names.join(", ")),
        Language::English => format!("CSV written to {}: {}", dir.display(), names.join(", ")),
    }
}

/// The word for an alert's severity in `asystent alerts` (capitals, so it reads in plain text).
pub fn severity_word(lang: Language, severity: crate::domain::alerts::Severity) -> &'static str {
    use crate::domain::alerts::Severity;
    match severity {
        Severity::Overdue => pick(lang, "PO TERMINIE", "OVERDUE"),
        Severity::Today => pick(lang, "DZIŚ", "TODAY"),
        Severity::Soon => pick(lang, "WKRÓTCE", "SOON"),
    }
}

/// The first line of `asystent alerts`: the date, whose families (if narrowed) and the counts.
pub fn alerts_header(
    lang: Language,
    today: chrono::NaiveDate,
    whose: Option<&str>,
    [overdue, due_today, soon]: [usize; 3],
) -> String {
    let whose = whose.map(|w| format!(" ({w})")).unwrap_or_default();
    let date = format_date(today);
    match lang {
        Language::Polish => format!(
            "Alerty na {date}{whose}: po terminie {overdue}, dziś {due_today}, wkrótce {soon}"
        ),
        Language::English => {
            format!("Alerts for {date}{whose}: {overdue} overdue, {due_today} today, {soon} soon")
        }
    }
}

/// The only line of `asystent alerts` when nothing is overdue, due today or soon.
pub fn alerts_none(
    lang: Language,
    today: chrono::NaiveDate,
    whose: Option<&str>,
    warning_days: u32,
) -> String {
    let whose = whose.map(|w| format!(" ({w})")).unwrap_or_default();
    let date = format_date(today);
    match lang {
        Language::Polish => format!(
            "Brak alertów na {date}{whose}: nic po terminie ani z terminem w ciągu {warning_days} {}.",
            plural_pl(i64::from(warning_days), "dnia", "dni", "dni")
        ),
        Language::English => format!(
            "No alerts for {date}{whose}: nothing overdue or due within {warning_days} {}.",
            if warning_days == 1 { "day" } else { "days" }
        ),
    }
}

/// `asystent alerts --assistant LOGIN` with a login no staff account has.
pub fn unknown_assistant(lang: Language, login: &str) -> String {
    match lang {
        Language::Polish => format!(
            "Nie ma pracownika o loginie {}: --assistant wymaga loginu asystenta rodziny.",
            quoted(login)
        ),
        Language::English => format!(
            "No staff member has the login {}: --assistant needs a family assistant's login.",
            quoted(login)
        ),
    }
}

/// `asystent alerts --assistant LOGIN` with the login of someone who is not an assistant.
pub fn not_an_assistant(lang: Language, login: &str, role: Role) -> String {
    match lang {
        Language::Polish => format!(
            "{} to login pracownika w roli „{}”, nie asystenta rodziny; --assistant wymaga loginu asystenta.",
            quoted(login),
            role.label(lang)
        ),
        Language::English => format!(
            "{} is the login of a {}, not of a family assistant; --assistant needs an assistant's login.",
            quoted(login),
            role.label(lang)
        ),
    }
}

/// An assistant asked `asystent alerts` for another assistant's families.
pub fn not_your_families(lang: Language, login: &str) -> String {
    match lang {
        Language::Polish => format!(
            "Jako asystent rodziny widzisz tylko swoje rodziny, nie rodziny {}.",
            quoted(login)
        ),
        Language::English => format!(
            "As a family assistant you see only your own families, not those of {}.",
            quoted(login)
        ),
    }
}

/// Records skipped by `asystent alerts` because they could not be read.
pub fn alerts_damaged(lang: Language, n: usize) -> String {
    match lang {
        Language::Polish => format!(
            "Uwaga: nie dało się odczytać {n} {}, więc alerty mogą być niepełne; uruchom asystent check.",
            plural_pl(n as i64, "rekordu", "rekordów", "rekordów")
        ),
        Language::English => format!(
            "Note: {n} record{} could not be read, so the alerts may be incomplete; run asystent check.",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// A document that could not be written, with the reason in words.
pub fn document_write_error(lang: Language, path: &Path, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let why = match (lang, error.kind()) {
        (Language::Polish, ErrorKind::AlreadyExists) => {
            "plik już istnieje i nie zostanie nadpisany".to_string()
        }
        (Language::Polish, ErrorKind::NotFound) => "nie ma takiego katalogu".to_string(),
        (Language::Polish, ErrorKind::PermissionDenied) => "brak uprawnień".to_string(),
        (Language::English, ErrorKind::AlreadyExists) => {
            "the file exists and is never overwritten".to_string()
        }
        (Language::English, ErrorKind::NotFound) => "no such directory".to_string(),
        (Language::English, ErrorKind::PermissionDenied) => "permission denied".to_string(),
        (_, _) => error.to_string(),
    };
    match lang {
        Language::Polish => format!("Nie można zapisać dokumentu {}: {why}.", path.display()),
        Language::English => format!("Cannot write the document {}: {why}.", path.display()),
    }
}

/// A document taken back because its print or export was not confirmed in the audit log:
/// `why` says what failed.
pub fn document_not_audited(lang: Language, path: &Path, why: &str) -> String {
    match lang {
        Language::Polish => format!(
            "{why}\nDokument {} został usunięty: nie ma potwierdzenia, że trafił do dziennika zdarzeń.",
            path.display()
        ),
        Language::English => format!(
            "{why}\nThe document {} was removed: its entry in the audit log was not confirmed.",
            path.display()
        ),
    }
}

/// A backup or restore error explained, naming the file line where there is one.
pub fn backup_error(lang: Language, error: &BackupError) -> String {
    use Language::{English, Polish};
    match (lang, error) {
        (_, BackupError::Store(e)) => store_error(lang, e),
        (Polish, BackupError::Exists { path }) => format!(
            "Plik {} już istnieje; kopia nigdy go nie nadpisuje. Podaj inną nazwę.",
            path.display()
        ),
        (English, BackupError::Exists { path }) => format!(
            "{} already exists; a backup never overwrites a file. Choose another name.",
            path.display()
        ),
        (Polish, BackupError::Write { path, source }) => format!(
            "Nie można zapisać kopii {}: {source}. Kopia nie powstała.",
            path.display()
        ),
        (English, BackupError::Write { path, source }) => format!(
            "Cannot write the backup {}: {source}. No backup was made.",
            path.display()
        ),
        (Polish, BackupError::Read { path, source }) => format!(
            "Nie można odczytać pliku {}: {source}. Nic nie zapisano.",
            path.display()
        ),
        (English, BackupError::Read { path, source }) => format!(
            "Cannot read {}: {source}. Nothing was written.",
            path.display()
        ),
        (Polish, BackupError::NotEmpty { path }) => format!(
            "Baza danych {} nie jest pusta; kopię można odtworzyć tylko do pustej bazy, \
             żeby nie pomieszać dwóch rejestrów. Wskaż nowy katalog przez --db. Nic nie zapisano.",
            path.display()
        ),
        (English, BackupError::NotEmpty { path }) => format!(
            "Database {} is not empty; a backup can only be restored into an empty database, \
             so that two registers never mix. Name a new directory with --db. Nothing was written.",
            path.display()
        ),
        (Polish, BackupError::Line { line, problem }) => format!(
            "Wiersz {line} pliku kopii: {}. Nic nie zapisano.",
            line_problem(lang, problem)
        ),
        (English, BackupError::Line { line, problem }) => format!(
            "Line {line} of the backup file: {}. Nothing was written.",
            line_problem(lang, problem)
        ),
        (
            Polish,
            BackupError::CountMismatch {
                kind,
                announced,
                found,
            },
        ) => format!(
            "Nagłówek kopii zapowiada {announced} rekordów typu „{}”, a plik zawiera {found}: \
             plik jest niekompletny lub zmieniony. Nic nie zapisano.",
            tree_label(lang, kind)
        ),
        (
            English,
            BackupError::CountMismatch {
                kind,
                announced,
                found,
            },
        ) => format!(
            "The backup header announces {announced} {} records, the file holds {found}: \
             it is incomplete or was changed. Nothing was written.",
            tree_label(lang, kind)
        ),
    }
}

/// What is wrong with one line of a backup file.
fn line_problem(lang: Language, problem: &LineProblem) -> String {
    use Language::{English, Polish};
    match (lang, problem) {
        (Polish, LineProblem::EmptyFile) => "plik jest pusty, to nie jest kopia asystenta".into(),
        (English, LineProblem::EmptyFile) => "the file is empty, not an asystent backup".into(),
        (Polish, LineProblem::EmptyLine) => "pusty wiersz".into(),
        (English, LineProblem::EmptyLine) => "an empty line".into(),
        (Polish, LineProblem::TooLong) => "wiersz jest dłuższy niż 16 MiB".into(),
        (English, LineProblem::TooLong) => "the line is longer than 16 MiB".into(),
        (Polish, LineProblem::BadJson(msg)) => format!("niepoprawny JSON ({msg})"),
        (English, LineProblem::BadJson(msg)) => format!("not valid JSON ({msg})"),
        (Polish, LineProblem::NotABackup) => {
            "to nie jest nagłówek kopii asystenta (brak \"format\":\"asystent-backup\")".into()
        }
        (English, LineProblem::NotABackup) => {
            "not an asystent backup header (no \"format\":\"asystent-backup\")".into()
        }
        (Polish, LineProblem::NewerVersion { found, known }) => format!(
            "kopia ma format w wersji {found}, a ten program zna wersje do {known}; \
             zaktualizuj program asystent"
        ),
        (English, LineProblem::NewerVersion { found, known }) => format!(
            "the backup format is version {found}, this program knows up to {known}; \
             update asystent"
        ),
        (Polish, LineProblem::OtherSchema { found, known }) => format!(
            "kopia pochodzi z bazy o wersji schematu {found}, a ten program ma wersję {known}"
        ),
        (English, LineProblem::OtherSchema { found, known }) => format!(
            "the backup comes from a database with schema version {found}, this program has {known}"
        ),
        (Polish, LineProblem::BadHeader(what)) => {
            format!("niepoprawny nagłówek kopii ({what})")
        }
        (English, LineProblem::BadHeader(what)) => format!("a damaged backup header ({what})"),
        (Polish, LineProblem::UnknownKind(kind)) => format!("nieznany rodzaj rekordu „{kind}”"),
        (English, LineProblem::UnknownKind(kind)) => format!("unknown record kind \"{kind}\""),
        (Polish, LineProblem::BadRecord { kind, reason }) => {
            format!(
                "niepoprawny rekord typu „{}” ({reason})",
                tree_label(lang, kind)
            )
        }
        (English, LineProblem::BadRecord { kind, reason }) => {
            format!("an invalid {} record ({reason})", tree_label(lang, kind))
        }
        (Polish, LineProblem::BadRevision) => "rewizja 0; rewizje zaczynają się od 1".into(),
        (English, LineProblem::BadRevision) => "revision 0; revisions start at 1".into(),
        (Polish, LineProblem::NoRevision) => "rekord bez rewizji (\"rev\")".into(),
        (English, LineProblem::NoRevision) => "a record without a revision (\"rev\")".into(),
        (Polish, LineProblem::AuditRevision) => {
            "wpis dziennika zdarzeń z rewizją; wpisy nie mają rewizji".into()
        }
        (English, LineProblem::AuditRevision) => {
            "an audit log entry with a revision; entries have none".into()
        }
        (
            Polish,
            LineProblem::Duplicate {
                kind,
                id,
                first_line,
            },
        ) => format!(
            "rekord {id} typu „{}” występuje już w wierszu {first_line}",
            tree_label(lang, kind)
        ),
        (
            English,
            LineProblem::Duplicate {
                kind,
                id,
                first_line,
            },
        ) => format!(
            "{} record {id} already appears on line {first_line}",
            tree_label(lang, kind)
        ),
    }
}

/// Said by `asystent serve` once it listens.
pub fn serve_listening(lang: Language, socket: &Path, db: &Path, trusting: bool) -> String {
    let mut text = match lang {
        Language::Polish => format!(
            "Serwer asystent nasłuchuje na {} (baza {}). SIGTERM albo Ctrl+C kończy pracę.",
            socket.display(),
            db.display()
        ),
        Language::English => format!(
            "asystent server listening on {} (database {}). SIGTERM or Ctrl+C stops it.",
            socket.display(),
            db.display()
        ),
    };
    if trusting {
        text.push('\n');
        text.push_str(pick(
            lang,
            "UWAGA: --trust-login-from-hello: serwer wierzy loginowi podanemu przez klienta. \
             Tylko do testów — każdy, kto dosięga gniazda, może działać jako dowolny pracownik.",
            "WARNING: --trust-login-from-hello: the server believes the login a client claims. \
             For tests only: anyone who can reach the socket can act as any member of staff.",
        ));
    }
    text
}

/// Said by `asystent serve` when it has stopped cleanly.
pub fn serve_stopped(lang: Language) -> String {
    pick(
        lang,
        "Serwer zakończył pracę: klienci powiadomieni, baza zapisana, gniazdo usunięte.",
        "Server stopped: clients told, database flushed, socket removed.",
    )
    .to_string()
}

/// Why `asystent serve` could not start or stopped with an error.
pub fn serve_error(lang: Language, error: &crate::server::ServeError) -> String {
    use crate::server::ServeError;
    match (lang, error) {
        (Language::Polish, ServeError::SocketInUse(path)) => format!(
            "Na gnieździe {} odpowiada już działający serwer asystent; nie uruchomiono drugiego. \
             Zatrzymaj tamten serwer albo podaj inne --socket.",
            path.display()
        ),
        (Language::English, ServeError::SocketInUse(path)) => format!(
            "A running asystent server already answers on {}; a second one was not started. \
             Stop that server or give another --socket.",
            path.display()
        ),
        (Language::Polish, ServeError::NotASocket(path)) => format!(
            "{} istnieje i nie jest gniazdem; nie usunięto go. Podaj inne --socket.",
            path.display()
        ),
        (Language::English, ServeError::NotASocket(path)) => format!(
            "{} exists and is not a socket; it was left alone. Give another --socket.",
            path.display()
        ),
        (Language::Polish, ServeError::Socket { path, source }) => {
            format!("Nie można użyć gniazda {}: {source}", path.display())
        }
        (Language::English, ServeError::Socket { path, source }) => {
            format!("Cannot use socket {}: {source}", path.display())
        }
        (_, ServeError::Store(e)) => store_error(lang, e),
    }
}

/// Why the server refused a client's hello.
pub fn refusal(lang: Language, refusal: &crate::server::protocol::Refusal) -> String {
    use crate::server::protocol::Refusal;
    match (lang, refusal) {
        (
            Language::Polish,
            Refusal::ProtocolMismatch {
                server,
                client,
                server_program,
            },
        ) => format!(
            "Serwer ({server_program}) mówi protokołem w wersji {server}, a ten program w wersji \
             {client}. Zainstaluj tę samą wersję programu co na serwerze."
        ),
        (
            Language::English,
            Refusal::ProtocolMismatch {
                server,
                client,
                server_program,
            },
        ) => format!(
            "The server ({server_program}) speaks protocol version {server}, this program version \
             {client}. Install the same version of the program as the server's."
        ),
        (Language::Polish, Refusal::UnknownLogin { login }) => format!(
            "Użytkownik {login} nie ma konta pracownika; serwer odmówił połączenia. \
             Administrator dodaje konta poleceniem asystent staff add."
        ),
        (Language::English, Refusal::UnknownLogin { login }) => format!(
            "User {login} has no staff account; the server refused the connection. \
             An administrator adds accounts with asystent staff add."
        ),
        (Language::Polish, Refusal::DisabledLogin { login }) => {
            format!("Konto pracownika {login} jest wyłączone; serwer odmówił połączenia.")
        }
        (Language::English, Refusal::DisabledLogin { login }) => {
            format!("The staff account {login} is disabled; the server refused the connection.")
        }
        (Language::Polish, Refusal::NoIdentity { detail }) => {
            format!("Serwer nie ustalił, kim jest łączący się użytkownik: {detail}")
        }
        (Language::English, Refusal::NoIdentity { detail }) => {
            format!("The server could not tell who the connecting user is: {detail}")
        }
        (_, Refusal::ClaimNotTrusted) => pick(
            lang,
            "Serwer ustala użytkownika z gniazda i nie przyjmuje loginu podanego przez program.",
            "The server identifies users from the socket and takes no login a program claims.",
        )
        .to_string(),
        (_, Refusal::ServerClosing) => pick(
            lang,
            "Serwer właśnie kończy pracę.",
            "The server is shutting down.",
        )
        .to_string(),
    }
}

/// Why the connection to the server failed.
pub fn client_error(lang: Language, error: &crate::server::client::ClientError) -> String {
    use crate::server::client::ClientError;
    match (lang, error) {
        (Language::Polish, ClientError::Connect { path, source }) => format!(
            "Nie można połączyć się z serwerem na {}: {source}",
            path.display()
        ),
        (Language::English, ClientError::Connect { path, source }) => format!(
            "Cannot connect to the server on {}: {source}",
            path.display()
        ),
        (_, ClientError::Refused(r)) => refusal(lang, r),
        (Language::Polish, ClientError::Protocol(e)) => format!("Błąd protokołu: {e}"),
        (Language::English, ClientError::Protocol(e)) => format!("Protocol error: {e}"),
        (_, ClientError::Disconnected) => pick(
            lang,
            "Połączenie z serwerem zostało przerwane, zanim serwer odpowiedział.",
            "The connection to the server was lost before the server answered.",
        )
        .to_string(),
        (Language::Polish, ClientError::Timeout(d)) => {
            format!("Serwer nie odpowiedział w ciągu {} s.", d.as_secs())
        }
        (Language::English, ClientError::Timeout(d)) => {
            format!("The server did not answer within {} s.", d.as_secs())
        }
        (_, ClientError::UnexpectedReply) => pick(
            lang,
            "Serwer odpowiedział czymś innym, niż oczekiwano.",
            "The server answered with something unexpected.",
        )
        .to_string(),
    }
}

/// A refused or failed command of the command line: as [`command_error`], except that a
/// lost server is told as a one-shot command meets it (no form, no reconnecting).
pub fn command_line_error(lang: Language, error: &CommandError) -> String {
    match (lang, error) {
        (Language::Polish, CommandError::Offline { detail_pl, .. }) => format!(
            "Połączenie z serwerem zawiodło, zanim polecenie się zakończyło: {}. \
             Jeśli polecenie miało coś zmienić, serwer mógł to zapisać albo nie: sprawdź, \
             zanim uruchomisz je ponownie.",
            detail_pl.trim_end_matches('.')
        ),
        (Language::English, CommandError::Offline { detail_en, .. }) => format!(
            "The connection to the server failed before the command finished: {}. \
             If the command was to change something, the server may or may not have saved \
             it: check before running it again.",
            detail_en.trim_end_matches('.')
        ),
        _ => command_error(lang, error),
    }
}

/// A document that could not be made: a court request the family lacks, a period that
/// runs backwards or has not begun, or the file that could not be written to `path`.
pub fn doc_error(lang: Language, error: &crate::doc::DocError, path: &Path) -> String {
    use crate::doc::DocError;
    match (lang, error) {
        (Language::Polish, DocError::NoSuchRequest(id)) => {
            format!("Rodzina nie ma wniosku sądu o numerze rekordu {id}.")
        }
        (Language::English, DocError::NoSuchRequest(id)) => {
            format!("The family has no court request with record number {id}.")
        }
        (Language::Polish, DocError::BadPeriod { from, to }) => format!(
            "Okres zaczyna się ({}) później, niż się kończy ({}): --from musi być nie później niż --to.",
            format_date(*from),
            format_date(*to)
        ),
        (Language::English, DocError::BadPeriod { from, to }) => format!(
            "The period starts ({}) after it ends ({}): --from must not be later than --to.",
            format_date(*from),
            format_date(*to)
        ),
        (Language::Polish, DocError::FuturePeriod { from, today }) => format!(
            "Okres zaczyna się {} — po dniu dzisiejszym ({}): nie ma jeszcze czego opisać.",
            format_date(*from),
            format_date(*today)
        ),
        (Language::English, DocError::FuturePeriod { from, today }) => format!(
            "The period starts on {}, after today ({}): there is nothing to describe yet.",
            format_date(*from),
            format_date(*today)
        ),
        (_, DocError::Io(e)) => document_write_error(lang, path, e),
    }
}

/// The court requests of a family, listed for a message: `1. III Nsm 233/26 (01.11.2026)`.
fn request_list(requests: &[(String, chrono::NaiveDate)]) -> String {
    requests
        .iter()
        .enumerate()
        .map(|(i, (sig, received))| {
            format!("{}. {} ({})", i + 1, quoted(sig), format_date(*received))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `doc opinion` could not tell which court request: none matches what was given, the
/// family has none, or it has several and none was named. `requests` are the family's
/// (signature, date received), in the order `--request N` counts them.
pub fn which_court_request(
    lang: Language,
    case_number: &str,
    number: Option<usize>,
    signature: Option<&str>,
    requests: &[(String, chrono::NaiveDate)],
) -> String {
    let case = quoted(case_number);
    let list = request_list(requests);
    let given = match (lang, number, signature) {
        (Language::Polish, Some(n), _) => Some(format!("nr {n}")),
        (Language::English, Some(n), _) => Some(format!("no. {n}")),
        (_, None, Some(sig)) => Some(quoted(sig)),
        (_, None, None) => None,
    };
    match (lang, given, requests.is_empty()) {
        (Language::Polish, _, true) => format!(
            "Sprawa {case} nie ma wniosków sądu o opinię. Najpierw zarejestruj wniosek (klawisz r na ekranie Rodziny)."
        ),
        (Language::English, _, true) => format!(
            "Case {case} has no court requests for an opinion. Register the request first (key r on the Families screen)."
        ),
        (Language::Polish, Some(given), false) => {
            format!("Sprawa {case} nie ma wniosku sądu {given}. Wnioski tej rodziny: {list}.")
        }
        (Language::English, Some(given), false) => {
            format!("Case {case} has no court request {given}. This family's requests: {list}.")
        }
        (Language::Polish, None, false) => format!(
            "Sprawa {case} ma kilka wniosków sądu; wskaż jeden przez --request N albo --signature SYGNATURA: {list}."
        ),
        (Language::English, None, false) => format!(
            "Case {case} has several court requests; name one with --request N or --signature SIGNATURE: {list}."
        ),
    }
}

/// `doc visit` found no visit, or several, on the day (and at the time) given.
pub fn which_visit(
    lang: Language,
    case_number: &str,
    day: chrono::NaiveDate,
    times: &[String],
) -> String {
    let case = quoted(case_number);
    let day = format_date(day);
    match (lang, times.is_empty()) {
        (Language::Polish, true) => format!("Sprawa {case} nie ma wizyty dnia {day}."),
        (Language::English, true) => format!("Case {case} has no visit on {day}."),
        (Language::Polish, false) => format!(
            "Sprawa {case} ma dnia {day} kilka wizyt ({}); wskaż godzinę przez --time GG:MM.",
            times.join(", ")
        ),
        (Language::English, false) => format!(
            "Case {case} has several visits on {day} ({}); name the time with --time HH:MM.",
            times.join(", ")
        ),
    }
}

/// A `--time` that is not a time of day.
pub fn bad_time_option(lang: Language, text: &str) -> String {
    match lang {
        Language::Polish => format!(
            "--time {} to nie godzina: użyj GG:MM, np. 16:30.",
            quoted(text)
        ),
        Language::English => format!(
            "--time {} is not a time of day: use HH:MM, e.g. 16:30.",
            quoted(text)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_tells_a_lost_server_without_the_workstations_form() {
        let lost = crate::backend::offline(crate::server::client::CallError::Client(
            crate::server::client::ClientError::Disconnected,
        ));
        for (lang, detail, not) in [
            (Language::Polish, "zostało przerwane", "was lost"),
            (Language::English, "was lost before", "przerwane"),
        ] {
            let said = command_line_error(lang, &lost);
            assert_ne!(said, command_error(lang, &lost), "{lang:?}");
            assert!(said.contains(detail), "{said}");
            // Told in one language only, and without a doubled full stop.
            assert!(!said.contains(not), "{said}");
            assert!(!said.contains(".."), "{said}");
            let denied = CommandError::UnknownStaff { login: "x".into() };
            assert_eq!(
                command_line_error(lang, &denied),
                command_error(lang, &denied)
            );
        }
    }

    #[test]
    fn every_index_tree_has_a_name_in_words() {
        let names = crate::store::keys::Index::ALL
            .iter()
            .map(|i| i.tree_name())
            .chain([crate::store::summaries::SUMMARIES]);
        for name in names {
            for lang in [Language::Polish, Language::English] {
                assert_ne!(tree_label(lang, name), name, "{name} in {lang:?}");
            }
        }
    }

    #[test]
    fn polish_plurals_of_days_and_families() {
        assert_eq!(days_left(Language::Polish, -1), "1 dzień po terminie");
        assert_eq!(days_left(Language::Polish, -3), "3 dni po terminie");
        assert_eq!(days_left(Language::Polish, 5), "za 5 dni");
        assert_eq!(families_count(Language::Polish, 1), "1 rodzina");
        assert_eq!(families_count(Language::Polish, 3), "3 rodziny");
        assert_eq!(families_count(Language::Polish, 12), "12 rodzin");
        assert_eq!(families_count(Language::Polish, 22), "22 rodziny");
        assert_eq!(families_count(Language::English, 1), "1 family");
        assert_eq!(age(Language::Polish, 1), "1 rok");
        assert_eq!(age(Language::Polish, 3), "3 lata");
        assert_eq!(age(Language::Polish, 0), "0 lat");
        assert_eq!(age(Language::Polish, 31), "31 lat");
        assert_eq!(age(Language::English, 2), "2 years");
        assert_eq!(short_name("Anna Maria Kowalska"), "A. Kowalska");
        assert_eq!(short_name("Łucja Żak"), "Ł. Żak");
        assert_eq!(short_name("Kowalska"), "Kowalska");
        assert_eq!(quoted("ab\x1b[2J\u{0}"), "\"ab\\u{1b}[2J\\u{0}\"");
        assert_eq!(quoted("Żółw"), "\"Żółw\"");
        assert_eq!(quoted("a\u{202e}b"), "\"a\\u{202e}b\"");
        assert_eq!(quoted(&"x".repeat(10_000)).chars().count(), QUOTE_CHARS + 3);
    }

    #[test]
    fn deadline_labels_fit_their_columns() {
        for kind in DeadlineKind::ALL {
            for lang in [Language::Polish, Language::English] {
                // The Alerts and Overview columns are 16 wide, the Families one leaves 6.
                assert!(kind.label(lang).chars().count() <= 16, "{kind:?}");
                assert!(deadline_short(lang, kind).chars().count() <= 6, "{kind:?}");
                // One line of a wide terminal or an e-mail.
                let reason = deadline_reason(lang, kind);
                assert!(!reason.is_empty() && !reason.contains('\n'), "{kind:?}");
                assert!(reason.chars().count() <= 100, "{kind:?}: {reason}");
            }
        }
    }

    #[test]
    fn every_message_has_text_in_both_languages() {
        for m in [Msg::ScreenOverview, Msg::TooSmallTitle, Msg::NoPlan] {
            assert!(!m.text(Language::Polish).is_empty());
            assert_ne!(m.text(Language::Polish), m.text(Language::English));
        }
    }
}
