// netvet/store/sqlite_workspace.h: the SQLite backend of the workspace.
//
// One SQLite file per workspace (docs/workspace.md has the schema): WAL
// journal, synchronous=NORMAL, foreign keys on. Most callers want
// `open_workspace("sqlite:PATH")` (netvet/store/workspace.h); this factory is
// for those that need a SQLite-only option.
//
// Ownership, threads and errors: as in workspace.h. The connection is opened
// without SQLite's own mutex (SQLITE_OPEN_NOMUTEX): one thread at a time.
// read_only never creates or changes the file: a missing file is not_found,
// an empty one (0 bytes) or one without netvet's tables is storage_error "not
// a netvet workspace". When this process may write the file and its folder,
// it is opened for writing but with `PRAGMA query_only`, so that SQLite still
// removes its WAL files on close (as the last connection to a WAL database
// does). Otherwise (a write-protected file or folder, shared use) it is
// opened with SQLITE_OPEN_READONLY: with `immutable=1` when no -wal file is
// beside it (the file is then complete, and nothing is created beside it),
// else `mode=ro` (reading the WAL needs its -shm, or a folder to create it
// in). Opening for writing a workspace whose file or folder is
// write-protected is storage_error "the workspace is read-only", before
// anything is touched; a foreign SQLite file is refused before it is
// switched to WAL.
#pragma once

#include <memory>
#include <string>

#include "netvet/core/error.h"
#include "netvet/store/workspace.h"

namespace netvet::store {

struct sqlite_options : open_options {
  // The name of the SQLite VFS (operating-system layer) to open the file
  // with, as registered with sqlite3_vfs_register; empty is SQLite's default.
  // Lets a caller put the file behind its own layer: an encrypting or
  // in-memory VFS, or a test's fault-injecting one
  // (tests/store/fault_vfs.h). An unknown name is storage_error.
  std::string vfs;
};

// Opens (or creates) the SQLite workspace at `path` and creates or checks
// its schema.
result<std::unique_ptr<workspace>> make_sqlite_workspace(const std::string& path, const sqlite_options& options = {});

}  // namespace netvet::store
