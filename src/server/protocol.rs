//! The wire protocol between `asystent serve` and its clients: length-prefixed frames
//! whose payload is the store's one codec (`bincode::serde`, standard config).
//! A frame is a u32 big-endian length followed by that many payload bytes; a length of
//! zero or above the message type's [`Frame::MAX`] is refused: 16 MiB for what a client
//! sends (anyone who reaches the socket may send it), 1 GiB for what the server sends
//! (a supervisor's snapshot of a whole country's register is tens of megabytes). The
//! client speaks first with a [`Hello`]; the server answers [`ServerMsg::Welcome`] or
//! [`ServerMsg::Refused`]. Then the client sends [`Request`]s and the server answers
//! each with a [`Response`] of the same id, and pushes [`Push`] messages of its own.
//! bincode encodes enums by variant index and structs by field order, so the first
//! variants ([`ClientMsg::Hello`], [`ServerMsg::Welcome`], [`ServerMsg::Refused`],
//! [`Refusal::ProtocolMismatch`]) and the [`Hello`] struct are frozen: a client of any
//! version can still read why it was refused. Any other change to a type that crosses
//! the socket (the domain records, `Snapshot`, `FamilyDetail`, `CommandError`,
//! `StoreError`) must raise [`PROTOCOL_VERSION`].

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use chrono::{NaiveDate, NaiveTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::alerts::AlertRules;
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::lifecycle::Transition;
use crate::domain::visits::VisitWarning;
use crate::domain::{
    Assessment, Closure, Cooperation, CourtRequest, Family, Id, Member, Role, Staff, Visit,
    WorkPlan,
};
use crate::report::export::{ExportLines, FamilyLine, VisitLine};
use crate::report::{Report, ReportDefinition};
use crate::service::{Caller, CommandError, FamilyDetail, FamilyPart, Snapshot};
use crate::store::Versioned;
use crate::store::codec::{self, CodecError};
use crate::store::drafts::Draft;

/// Version of this protocol; a client of another version is refused at hello.
pub const PROTOCOL_VERSION: u32 = 5;

/// Largest frame payload a server accepts from a client (the codec's decode limit).
pub const MAX_FRAME: usize = codec::DECODE_LIMIT;

/// Largest frame payload a client accepts from its server.
pub const MAX_SERVER_FRAME: usize = codec::LARGE_DECODE_LIMIT;

/// A message that crosses the socket in one frame, with the largest frame of its kind.
pub trait Frame: Serialize + DeserializeOwned {
    /// Largest payload of one frame of this message.
    const MAX: usize;

    /// Decodes a payload already known to be at most [`Frame::MAX`] bytes.
    fn decode(payload: &[u8]) -> Result<Self, CodecError>;
}

impl Frame for ClientMsg {
    const MAX: usize = MAX_FRAME;

    fn decode(payload: &[u8]) -> Result<Self, CodecError> {
        codec::decode_payload(payload)
    }
}

impl Frame for ServerMsg {
    const MAX: usize = MAX_SERVER_FRAME;

    fn decode(payload: &[u8]) -> Result<Self, CodecError> {
        codec::decode_large_payload(payload)
    }
}

/// The first message of a connection. Frozen: every protocol version sends it alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The client's [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// The client's program version (`asystent 0.1.0`), for messages and logs.
    pub program: String,
    /// A login the client claims. Honoured only by a server started with
    /// `--trust-login-from-hello` (tests); a normal server refuses a hello that has one.
    pub claimed_login: Option<String>,
}

/// What a client sends.
// One message lives at a time; boxing the big variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientMsg {
    /// The hello (first message, once). Frozen as variant 0.
    Hello(Hello),
    /// A call to the service.
    Request(Request),
}

/// A call with the id its response will carry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Chosen by the client, echoed in the response.
    pub id: u64,
    /// What to do.
    pub call: Call,
}

/// The service calls offered over the socket. The caller is never part of a call: the
/// server derives it from the connection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Call {
    /// Nothing: answered with [`Reply::Pong`] (liveness, latency).
    Ping,
    /// `Service::snapshot` on the client's `today`.
    Snapshot {
        /// The date the screens work on.
        today: NaiveDate,
    },
    /// `Service::overview_snapshot` on the client's `today`: what the first Overview
    /// shows, for a caller who sees the whole office.
    OverviewSnapshot {
        /// The date the screens work on.
        today: NaiveDate,
    },
    /// Who the connection is on `today` and the rules the server works by (a first
    /// set-up may ask too: it learns only itself, without an account, and the rules).
    Session {
        /// The date the screens work on.
        today: NaiveDate,
    },
    /// `Service::family_part`: one family's part of the snapshot, after a change.
    FamilyPart {
        /// The family.
        id: Id,
        /// The date the screens work on.
        today: NaiveDate,
    },
    /// `Service::family_detail` (audited as a view, or as refused).
    FamilyDetail {
        /// The family.
        id: Id,
    },
    /// Visits from `from` to `to` of every family the caller sees.
    VisitsBetween {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// `Service::save_visit`.
    SaveVisit {
        /// The visit.
        visit: Visit,
        /// The revision read, None for a new visit.
        expected_rev: Option<u64>,
    },
    /// `Service::save_member`.
    SaveMember {
        /// The member.
        member: Member,
        /// The revision read, None for a new member.
        expected_rev: Option<u64>,
        /// The client's date (birth dates are checked against it).
        today: NaiveDate,
    },
    /// `Service::save_family`.
    SaveFamily {
        /// The family.
        family: Family,
        /// The revision read, None for a new family.
        expected_rev: Option<u64>,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::change_status`.
    ChangeStatus {
        /// The family.
        id: Id,
        /// The revision read.
        expected_rev: u64,
        /// The change asked for.
        transition: Transition,
        /// Date of the change.
        date: NaiveDate,
        /// Closure, when closing.
        closure: Option<Closure>,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::audit_log` (a supervisor only).
    AuditLog {
        /// Only entries about this family.
        family: Option<Id>,
        /// Only entries of this login.
        login: Option<String>,
        /// Only entries from this day on.
        since: Option<NaiveDate>,
    },
    /// `Service::last_change`: who last changed a record, from the audit log.
    LastChange {
        /// Store tree name (`families`, `members`, `visits`, …).
        tree: String,
        /// Record id.
        id: Id,
    },
    /// `Service::save_plan`.
    SavePlan {
        /// The plan.
        plan: WorkPlan,
        /// The revision read, None for a first plan.
        expected_rev: Option<u64>,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::new_plan_version`.
    NewPlanVersion {
        /// The current plan.
        current_id: Id,
        /// Its family.
        family_id: Id,
        /// The current plan's revision read.
        expected_rev: u64,
        /// The client's date (the new version is drawn up on it).
        today: NaiveDate,
    },
    /// `Service::save_assessment`.
    SaveAssessment {
        /// The assessment.
        assessment: Assessment,
        /// The revision read, None for a new assessment.
        expected_rev: Option<u64>,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::newest_assessment`.
    NewestAssessment {
        /// The family.
        family_id: Id,
    },
    /// `Service::save_court_request`.
    SaveCourtRequest {
        /// The court's request.
        request: CourtRequest,
        /// The revision read, None for a new request.
        expected_rev: Option<u64>,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::save_cooperation`.
    SaveCooperation {
        /// The cooperation log entry.
        entry: Cooperation,
        /// The revision read, None for a new entry.
        expected_rev: Option<u64>,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::remove_member`.
    RemoveMember {
        /// The member as read.
        member: Member,
        /// The revision read.
        expected_rev: u64,
    },
    /// `Service::delete_family`.
    DeleteFamily {
        /// The family.
        id: Id,
        /// The revision read.
        expected_rev: u64,
    },
    /// `Service::suggest_case_number`.
    SuggestCaseNumber {
        /// The day the family is registered.
        today: NaiveDate,
    },
    /// `Service::visit`: one visit by id, if the caller sees its family.
    Visit {
        /// The visit.
        id: Id,
    },
    /// `Service::visit_warnings_in_scope`: warnings before a visit is booked.
    VisitWarnings {
        /// The visit about to be booked.
        visit: Visit,
    },
    /// `Service::reschedule_visit`.
    RescheduleVisit {
        /// The visit.
        id: Id,
        /// The revision read.
        expected_rev: u64,
        /// New date.
        date: NaiveDate,
        /// New time.
        time: NaiveTime,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::cancel_visit`.
    CancelVisit {
        /// The visit.
        id: Id,
        /// The revision read.
        expected_rev: u64,
        /// The client's date.
        today: NaiveDate,
    },
    /// `Service::held_visits`: day and length of an assistant's held visits.
    HeldVisits {
        /// The assistant.
        assistant: Id,
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// Visits per day from `from` to `to` of every family the caller sees.
    VisitCounts {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// `Service::find_case`.
    FindCase {
        /// The case number.
        case_number: String,
    },
    /// `Service::staff_name`.
    StaffName {
        /// The staff account.
        id: Id,
    },
    /// `Service::draft`: the connection's login's draft of a form.
    Draft {
        /// The form's key.
        key: String,
    },
    /// `Service::keep_draft`.
    KeepDraft {
        /// The form's key.
        key: String,
        /// The draft.
        draft: Draft,
    },
    /// `Service::discard_draft`.
    DiscardDraft {
        /// The form's key.
        key: String,
    },
    /// `Service::staff_accounts`: every account (an administrator or a supervisor).
    StaffAccounts,
    /// `Service::add_staff` (an administrator, or the first set-up).
    AddStaff {
        /// The Unix login of the person.
        login: String,
        /// Full name.
        name: String,
        /// Role in the centre.
        role: Role,
    },
    /// `Service::disable_staff` (an administrator).
    DisableStaff {
        /// The login to disable.
        login: String,
    },
    /// `Service::grant_stand_in` (a supervisor).
    GrantStandIn {
        /// The assistant who stands in.
        substitute: String,
        /// The absent assistant.
        absent: String,
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
        /// The client's date; ignored: the server judges which stand-ins are over by its
        /// own date (kept so that the layout of protocol 2 stays as it is).
        today: NaiveDate,
    },
    /// An entry of the audit log for something the client did outside the service: a
    /// document printed or data exported. Only [`AuditAction::Print`] and
    /// [`AuditAction::Export`] are accepted; a family must be one the caller sees.
    Audit {
        /// What was done.
        action: AuditAction,
        /// The family concerned, if any.
        family: Option<Id>,
        /// The document or data concerned, one line (`alerts`, `plan 12 version 2 print`).
        what: String,
    },
    /// `Service::report`: the half-year report by the client's definition (the office's
    /// file, or the built-in one), for a supervisor; audited as an export.
    Report {
        /// The rows and their rules.
        definition: Box<ReportDefinition>,
        /// First day of the period.
        from: NaiveDate,
        /// Last day of the period.
        to: NaiveDate,
    },
    /// `Service::export_families`: one line per family on the register in the period,
    /// for a supervisor; audited as an export.
    ExportFamilies {
        /// First day of the period.
        from: NaiveDate,
        /// Last day of the period.
        to: NaiveDate,
    },
    /// `Service::export_visits`: one line per visit dated in the period, for a
    /// supervisor; audited as an export.
    ExportVisits {
        /// First day of the period.
        from: NaiveDate,
        /// Last day of the period.
        to: NaiveDate,
    },
    /// `Service::hour_counts_in_scope`: visits per day and starting hour.
    HourCounts {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// `Service::first_visits_in_scope`: the first visits of some days, by date and time.
    FirstVisitsBetween {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
        /// How many at most.
        limit: u32,
    },
}

/// The successful result of a call, one variant per kind of answer.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    /// Answer to [`Call::Ping`].
    Pong,
    /// Answer to [`Call::Snapshot`].
    Snapshot(Box<Snapshot>),
    /// Answer to [`Call::OverviewSnapshot`]; None for a caller who does not see the
    /// whole office, or when the digests cannot be read.
    OverviewSnapshot(Option<Box<Snapshot>>),
    /// Answer to [`Call::Session`].
    Session(Box<Session>),
    /// Answer to [`Call::FamilyPart`]; None if absent or not visible to the caller.
    FamilyPart(Option<Box<FamilyPart>>),
    /// Answer to [`Call::FamilyDetail`]; None if absent or not visible to the caller.
    FamilyDetail(Option<Box<FamilyDetail>>),
    /// Answer to [`Call::VisitsBetween`].
    Visits(Vec<Visit>),
    /// Answer to [`Call::SaveVisit`].
    Visit(Versioned<Visit>),
    /// Answer to [`Call::SaveMember`].
    Member(Versioned<Member>),
    /// Answer to [`Call::SaveFamily`] and [`Call::ChangeStatus`].
    Family(Versioned<Family>),
    /// Answer to [`Call::AuditLog`].
    Audit(Vec<AuditEntry>),
    /// Answer to [`Call::LastChange`].
    LastChange(Option<AuditEntry>),
    /// Answer to [`Call::SavePlan`] and [`Call::NewPlanVersion`].
    Plan(Versioned<WorkPlan>),
    /// Answer to [`Call::SaveAssessment`].
    Assessment(Versioned<Assessment>),
    /// Answer to [`Call::NewestAssessment`].
    NewestAssessment(Option<Versioned<Assessment>>),
    /// Answer to [`Call::SaveCourtRequest`].
    CourtRequest(Versioned<CourtRequest>),
    /// Answer to [`Call::SaveCooperation`].
    Cooperation(Versioned<Cooperation>),
    /// Answer to calls that give nothing back: [`Call::RemoveMember`],
    /// [`Call::DeleteFamily`], [`Call::KeepDraft`], [`Call::DiscardDraft`], [`Call::Audit`].
    Done,
    /// Answer to [`Call::SuggestCaseNumber`].
    CaseNumber(String),
    /// Answer to [`Call::Visit`].
    MaybeVisit(Option<Versioned<Visit>>),
    /// Answer to [`Call::VisitWarnings`].
    VisitWarnings(Vec<VisitWarning>),
    /// Answer to [`Call::HeldVisits`]: day and length in minutes.
    HeldVisits(Vec<(NaiveDate, u16)>),
    /// Answer to [`Call::VisitCounts`].
    VisitCounts(BTreeMap<NaiveDate, u32>),
    /// Answer to [`Call::HourCounts`].
    HourCounts(BTreeMap<(NaiveDate, u8), u32>),
    /// Answer to [`Call::FindCase`].
    FoundCase(Option<Id>),
    /// Answer to [`Call::StaffName`].
    StaffName(Option<String>),
    /// Answer to [`Call::Draft`].
    Draft(Option<Draft>),
    /// Answer to [`Call::StaffAccounts`].
    StaffList(Vec<Staff>),
    /// Answer to [`Call::AddStaff`], [`Call::DisableStaff`] and [`Call::GrantStandIn`]:
    /// the account as saved.
    Staff(Staff),
    /// Answer to [`Call::Report`].
    Report(Box<Report>),
    /// Answer to [`Call::ExportFamilies`].
    ExportFamilies(ExportLines<FamilyLine>),
    /// Answer to [`Call::ExportVisits`].
    ExportVisits(ExportLines<VisitLine>),
}

/// The answer to one request.
#[derive(Debug, Serialize, Deserialize)]
pub struct Response {
    /// The request's id.
    pub id: u64,
    /// The reply, or the service's refusal (the same error the embedded service gives).
    pub result: Result<Reply, CommandError>,
}

/// Something the server tells a client without being asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Push {
    /// Another client saved something: the family concerned, if any. Screens showing
    /// it (or lists that include it) should read again.
    Changed {
        /// The family whose records changed.
        family: Option<Id>,
    },
    /// The server is stopping; the connection closes after this message.
    ServerClosing,
}

/// What a workstation attached to a server needs besides the data: who it is on the
/// day, with the stand-ins of that day, and the server's rules, so that its screens
/// judge deadlines and caseloads exactly as the server does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The caller as the server derives it.
    pub caller: Caller,
    /// The alert windows of the server's configuration.
    pub rules: AlertRules,
    /// The caseload limit.
    pub caseload_limit: u32,
    /// The caseload warning margin.
    pub caseload_margin: u32,
}

/// The server's answer to a hello when identity is settled. The server's own Unix user
/// without an account, welcomed for the first set-up while no active administrator
/// exists, gets an empty name (an account's name is never empty) and the administrator
/// role, the one it acts in; it may ask for its session and make the staff calls only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// The login the server identified.
    pub login: String,
    /// Full name of the staff account; empty for the first set-up.
    pub name: String,
    /// Role of the staff account ([`Role::Admin`] for the first set-up).
    pub role: Role,
    /// The server's program version.
    pub program: String,
}

/// Why a hello was refused; the connection closes after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The client speaks another protocol version. Frozen as variant 0.
    ProtocolMismatch {
        /// The server's protocol version.
        server: u32,
        /// The client's protocol version.
        client: u32,
        /// The server's program version.
        server_program: String,
    },
    /// No staff account has the peer's login.
    UnknownLogin {
        /// The login.
        login: String,
    },
    /// The staff account of the peer's login is disabled.
    DisabledLogin {
        /// The login.
        login: String,
    },
    /// The peer's Unix user could not be found out.
    NoIdentity {
        /// What failed.
        detail: String,
    },
    /// The hello claims a login and the server takes identity from the socket.
    ClaimNotTrusted,
    /// The server is stopping.
    ServerClosing,
}

/// A broken rule of the protocol; the server sends it and closes the connection.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ProtocolError {
    /// A frame's length prefix is above the largest frame of its message ([`Frame::MAX`]).
    #[error("frame of {len} bytes is larger than the maximum {max}")]
    FrameTooLarge {
        /// Length announced.
        len: u64,
        /// Largest accepted.
        max: u64,
    },
    /// A frame that does not decode as a message.
    #[error("malformed frame: {detail}")]
    Malformed {
        /// What the decoder said.
        detail: String,
    },
    /// The first message was not a hello.
    #[error("the first message must be a hello")]
    ExpectedHello,
    /// A second hello on the same connection.
    #[error("hello sent twice")]
    HelloTwice,
}

/// What the server sends.
// One message lives at a time; boxing the big variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Serialize, Deserialize)]
pub enum ServerMsg {
    /// Hello accepted. Frozen as variant 0.
    Welcome(Welcome),
    /// Hello refused. Frozen as variant 1.
    Refused(Refusal),
    /// The answer to a request.
    Response(Response),
    /// A push.
    Push(Push),
    /// The client broke the protocol; the connection closes.
    ProtocolError(ProtocolError),
}

/// Why a frame could not be read or written.
#[derive(Debug, Error)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    #[error("connection closed")]
    Closed,
    /// Reading or writing failed (also a connection cut inside a frame).
    #[error("connection error: {0}")]
    Io(#[from] io::Error),
    /// The length prefix is zero or above the maximum.
    #[error(transparent)]
    Protocol(ProtocolError),
    /// The message could not be encoded.
    #[error("message does not encode: {0}")]
    Encode(CodecError),
}

/// Encodes `msg` as one frame (length prefix and payload).
pub fn encode_frame<T: Frame>(msg: &T) -> Result<Vec<u8>, FrameError> {
    let payload = codec::encode_payload(msg).map_err(FrameError::Encode)?;
    if payload.len() > T::MAX {
        return Err(FrameError::Protocol(ProtocolError::FrameTooLarge {
            len: payload.len() as u64,
            max: T::MAX as u64,
        }));
    }
    // Fits: every Frame::MAX is below u32::MAX.
    let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(&payload);
    Ok(frame)
}

/// Writes `msg` as one frame in one write.
pub fn write_frame<T: Frame>(w: &mut impl Write, msg: &T) -> Result<(), FrameError> {
    let frame = encode_frame(msg)?;
    w.write_all(&frame)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame and decodes it; a clean end of stream before a frame is `Closed`.
pub fn read_frame<T: Frame>(r: &mut impl Read) -> Result<T, FrameError> {
    let mut prefix = [0u8; 4];
    let mut got = 0;
    while got < prefix.len() {
        match r.read(&mut prefix[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Io(io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    let len = u32::from_be_bytes(prefix) as usize;
    if len > T::MAX {
        return Err(FrameError::Protocol(ProtocolError::FrameTooLarge {
            len: len as u64,
            max: T::MAX as u64,
        }));
    }
    if len == 0 {
        return Err(FrameError::Protocol(ProtocolError::Malformed {
            detail: "empty frame".into(),
        }));
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    T::decode(&payload).map_err(|e| {
        FrameError::Protocol(ProtocolError::Malformed {
            detail: e.to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_round_trips() {
        let msg = ClientMsg::Request(Request {
            id: 7,
            call: Call::FamilyDetail { id: 42 },
        });
        let frame = encode_frame(&msg).unwrap();
        assert_eq!(&frame[..4], &((frame.len() - 4) as u32).to_be_bytes());
        let back: ClientMsg = read_frame(&mut &frame[..]).unwrap();
        assert!(matches!(
            back,
            ClientMsg::Request(Request {
                id: 7,
                call: Call::FamilyDetail { id: 42 }
            })
        ));
    }

    #[test]
    fn the_hello_is_frozen() {
        // Variant 0, protocol 1 as a varint, program "a" (length 1), no claimed login.
        let hello = ClientMsg::Hello(Hello {
            protocol: 1,
            program: "a".into(),
            claimed_login: None,
        });
        assert_eq!(codec::encode_payload(&hello).unwrap(), [0, 1, 1, b'a', 0]);
    }

    #[test]
    fn a_server_answer_may_be_larger_than_a_client_request() {
        let big = "x".repeat(MAX_FRAME + 1);
        let answer = ServerMsg::ProtocolError(ProtocolError::Malformed {
            detail: big.clone(),
        });
        let frame = encode_frame(&answer).unwrap();
        match read_frame::<ServerMsg>(&mut &frame[..]).unwrap() {
            ServerMsg::ProtocolError(ProtocolError::Malformed { detail }) => {
                assert_eq!(detail.len(), big.len())
            }
            other => panic!("{other:?}"),
        }
        // The same length announced by a client is refused before anything is read.
        let prefix = u32::try_from(MAX_FRAME + 1).unwrap().to_be_bytes();
        assert!(matches!(
            read_frame::<ClientMsg>(&mut &prefix[..]),
            Err(FrameError::Protocol(ProtocolError::FrameTooLarge { .. }))
        ));
    }

    #[test]
    fn bad_frames_are_errors_not_panics() {
        let huge = u32::MAX.to_be_bytes();
        assert!(matches!(
            read_frame::<ClientMsg>(&mut &huge[..]),
            Err(FrameError::Protocol(ProtocolError::FrameTooLarge { .. }))
        ));
        let garbage = [0, 0, 0, 3, 0xff, 0xfe, 0xfd];
        assert!(matches!(
            read_frame::<ClientMsg>(&mut &garbage[..]),
            Err(FrameError::Protocol(ProtocolError::Malformed { .. }))
        ));
        assert!(matches!(
            read_frame::<ClientMsg>(&mut &[0u8, 0][..]),
            Err(FrameError::Io(_))
        ));
        assert!(matches!(
            read_frame::<ClientMsg>(&mut &[][..]),
            Err(FrameError::Closed)
        ));
    }
}
