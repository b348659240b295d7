//! The OS account PostgreSQL runs as, and whether it can reach the data folder.

use std::ffi::{CStr, CString};
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::error::io_error;
use super::{BootstrapError, SUPERUSER};

/// An OS account to run PostgreSQL as.
#[derive(Debug, Clone)]
pub(super) struct Account {
    pub(super) name: String,
    pub(super) uid: libc::uid_t,
    pub(super) gid: libc::gid_t,
}

impl Account {
    fn by_name(name: &str) -> Option<Account> {
        let c_name = CString::new(name).ok()?;
        lookup_account(|pwd, buf, result| {
            // SAFETY: all pointers are valid for the call; buf's length is passed.
            unsafe { libc::getpwnam_r(c_name.as_ptr(), pwd, buf.as_mut_ptr(), buf.len(), result) }
        })
    }

    fn by_uid(uid: libc::uid_t) -> Option<Account> {
        lookup_account(|pwd, buf, result| {
            // SAFETY: as above.
            unsafe { libc::getpwuid_r(uid, pwd, buf.as_mut_ptr(), buf.len(), result) }
        })
    }

    fn groups(&self) -> Vec<libc::gid_t> {
        let Ok(c_name) = CString::new(self.name.as_str()) else {
            return vec![self.gid];
        };
        let mut count: libc::c_int = 64;
        loop {
            let mut groups = vec![0 as libc::gid_t; count.max(1) as usize];
            let capacity = count;
            // SAFETY: `groups` has room for `count` entries; getgrouplist updates `count`.
            let rc = unsafe {
                libc::getgrouplist(c_name.as_ptr(), self.gid, groups.as_mut_ptr(), &mut count)
            };
            if rc >= 0 {
                groups.truncate(count.max(0) as usize);
                return groups;
            }
            if count <= capacity {
                return vec![self.gid];
            }
        }
    }
}

fn lookup_account(
    call: impl Fn(&mut libc::passwd, &mut [libc::c_char], &mut *mut libc::passwd) -> libc::c_int,
) -> Option<Account> {
    // SAFETY: passwd is plain data; all-zero is a valid value to be filled in.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    if call(&mut pwd, &mut buf, &mut result) != 0 || result.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buf`.
    let name = unsafe { CStr::from_ptr(pwd.pw_name) }
        .to_string_lossy()
        .into_owned();
    Some(Account {
        name,
        uid: pwd.pw_uid,
        gid: pwd.pw_gid,
    })
}

/// Whom to run PostgreSQL as: ourselves unless we are root (which PostgreSQL refuses). As root,
/// the owner of an existing data folder, else the `postgres` user, who then gets the folder.
pub(super) fn account_to_run_as(
    dir: &Path,
    initialised: bool,
) -> Result<Option<Account>, BootstrapError> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let meta = fs::metadata(dir).map_err(io_error(format!("reading {}", dir.display())))?;
    if initialised {
        if meta.uid() == 0 {
            return Err(BootstrapError::OwnedByRoot {
                dir: dir.to_path_buf(),
            });
        }
        let account = Account::by_uid(meta.uid()).unwrap_or(Account {
            name: format!("uid {}", meta.uid()),
            uid: meta.uid(),
            gid: meta.gid(),
        });
        return Ok(Some(account));
    }
    let account = Account::by_name(SUPERUSER).ok_or(BootstrapError::NoPostgresUser)?;
    if meta.uid() != account.uid {
        let c_dir = CString::new(dir.as_os_str().as_encoded_bytes()).map_err(|_| {
            io_error(format!("chown {}", dir.display()))(io::ErrorKind::InvalidInput.into())
        })?;
        // SAFETY: c_dir is a valid NUL-terminated path.
        if unsafe { libc::chown(c_dir.as_ptr(), account.uid, account.gid) } != 0 {
            return Err(io_error(format!(
                "chown {} to {}",
                dir.display(),
                account.name
            ))(io::Error::last_os_error()));
        }
    }
    Ok(Some(account))
}

/// Every parent of `dir` must be searchable by `account`, or initdb/postgres fail cryptically.
pub(super) fn check_traversable(dir: &Path, account: &Account) -> Result<(), BootstrapError> {
    let groups = account.groups();
    for parent in dir.ancestors().skip(1) {
        let meta =
            fs::metadata(parent).map_err(io_error(format!("reading {}", parent.display())))?;
        let mode = meta.mode();
        let searchable = if meta.uid() == account.uid {
            mode & 0o100 != 0
        } else if groups.contains(&meta.gid()) {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !searchable {
            return Err(BootstrapError::NotTraversable {
                user: account.name.clone(),
                dir: dir.to_path_buf(),
                blocked: parent.to_path_buf(),
                mode: mode & 0o7777,
                owner: meta.uid(),
            });
        }
    }
    Ok(())
}
