//! Who is on the other end of a Unix socket: the peer's uid from the kernel
//! (`SO_PEERCRED`), turned into a login with `getpwuid_r`. No passwords: the login of
//! the Unix user is the identity.

use std::ffi::CStr;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

/// The uid of the process that connected `stream`, as the kernel recorded it.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are valid for writes of the sizes given, and the file
    // descriptor stays open for the duration of the call (borrowed from `stream`).
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(cred.uid)
}

/// The uid of the process that connected `stream` (not available on this system).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let _ = stream.as_raw_fd();
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "SO_PEERCRED is available on Linux only",
    ))
}

/// The login of the Unix user `uid`, None if the user database has no such user.
pub fn user_name(uid: u32) -> io::Result<Option<String>> {
    let mut buf: Vec<libc::c_char> = vec![0; 1024];
    loop {
        // SAFETY: an all-zero passwd is a valid value for getpwuid_r to fill in.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the length given; getpwuid_r writes the
        // strings of `pwd` into `buf`, which outlives their use below.
        let rc = unsafe {
            libc::getpwuid_r(
                uid as libc::uid_t,
                &mut pwd,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        if result.is_null() || pwd.pw_name.is_null() {
            return Ok(None);
        }
        // SAFETY: on success `pw_name` points to a NUL-terminated string inside `buf`.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) };
        return Ok(Some(name.to_string_lossy().into_owned()));
    }
}

/// The login of the Unix user `uid`; an error if the user database has no such user.
pub fn login_of(uid: u32) -> io::Result<String> {
    user_name(uid)?.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("uid {uid} has no entry in the user database"),
        )
    })
}

/// The login of the peer of `stream`: its uid, then the user's name.
pub fn peer_login(stream: &UnixStream) -> io::Result<String> {
    login_of(peer_uid(stream)?)
}

/// The effective uid of this process.
pub fn own_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// The login of the user running this process (its effective uid).
pub fn current_login() -> io::Result<String> {
    login_of(own_uid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_pair_sees_our_own_user() {
        let (a, _b) = UnixStream::pair().unwrap();
        assert_eq!(peer_login(&a).unwrap(), current_login().unwrap());
    }
}
