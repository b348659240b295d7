//! flock(2) on files in the data folder, shared between processes.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::io::AsRawFd;
use std::path::Path;

use super::error::io_error;
use super::BootstrapError;

/// Open (creating if needed) and flock `path`; the lock lasts as long as the returned file.
pub(super) fn lock(path: &Path, operation: libc::c_int) -> Result<File, BootstrapError> {
    let file = open_lock_file(path)?;
    loop {
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(file);
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(io_error(format!("locking {}", path.display()))(error));
        }
    }
}

/// Like [`lock`] but without waiting: `None` when someone else holds a conflicting lock.
pub(super) fn try_lock(
    path: &Path,
    operation: libc::c_int,
) -> Result<Option<File>, BootstrapError> {
    let file = open_lock_file(path)?;
    // SAFETY: flock on a descriptor we own.
    if unsafe { libc::flock(file.as_raw_fd(), operation | libc::LOCK_NB) } == 0 {
        return Ok(Some(file));
    }
    let error = io::Error::last_os_error();
    if error.kind() == io::ErrorKind::WouldBlock {
        return Ok(None);
    }
    Err(io_error(format!("locking {}", path.display()))(error))
}

fn open_lock_file(path: &Path) -> Result<File, BootstrapError> {
    let opened = if path.is_dir() {
        File::open(path)
    } else {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    };
    opened.map_err(io_error(format!("opening {}", path.display())))
}
