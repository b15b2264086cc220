//! The index directory as searches open it: tantivy's memory-mapped directory, except
//! that on a read-only file system the reader's lock is a no-op, so a store on read-only
//! media (a snapshot, a shared mount) can still be searched. No writer can run there.

use std::path::Path;
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// A read-side index directory that tolerates read-only media.
#[derive(Debug, Clone)]
pub(crate) struct ReaderDir(MmapDirectory);

impl ReaderDir {
    /// Opens the index directory at `path`.
    pub(crate) fn open(path: &Path) -> tantivy::Result<ReaderDir> {
        Ok(ReaderDir(MmapDirectory::open(path).map_err(|e| {
            tantivy::TantivyError::SystemError(format!("cannot open the index directory: {e}"))
        })?))
    }
}

fn read_only_media(e: &std::io::Error) -> bool {
    // EROFS (30 on Linux and the BSDs), or a directory we may read but not write.
    e.raw_os_error() == Some(30) || e.kind() == std::io::ErrorKind::PermissionDenied
}

impl Directory for ReaderDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e)) if read_only_media(&e) => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
