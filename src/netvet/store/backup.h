// netvet/store/backup.h: a copy of a server's store taken while the server
// runs, and its restore (`netvet admin backup`, `netvet admin restore`).
//
// SQLite: SQLite's online backup API (sqlite3_backup_*) copies every page in
// one step inside one read transaction, so the copy is one consistent moment
// of the workspace while the server goes on writing (WAL: a reader blocks no
// writer). PostgreSQL: `pg_dump --format=custom` (one snapshot transaction),
// run as a subprocess with an argument vector, never a shell. Either way the
// copy is written to OUT.partial, created mode 0600 (readable by this user
// only: it holds password hashes and the whole log), synced, and renamed to
// OUT; an existing OUT is never overwritten.
//
// A restore refuses a target that holds anything (already_exists) unless
// `force`, then checks the restored log (every chain, its tree and its
// stored checkpoints): log_tampered when it does not verify.
//
// The signing key is not in the store: back its file up beside the copy (a
// restore verifies without it; a server needs it to sign).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/store/server_store.h"

namespace netvet::store {

struct backup_result {
  std::string method;       // "sqlite3_backup" or "pg_dump"
  std::uint64_t bytes = 0;  // the copy's size
};

// Copies the store at `uri` to the new file `out`. Errors: not_found (no
// workspace there), already_exists (`out` exists), io_error (cannot write
// `out`), storage_error (the database failed), unsupported (pg_dump is not
// installed).
result<backup_result> backup_store(std::string_view uri, const std::string& out);

// Restores the copy at `backup` into the store at `uri` (a SQLite file,
// created if absent; an existing PostgreSQL database). Errors: not_found (no
// such copy), invalid_input (not a netvet copy), already_exists (the target
// is not empty and not `force`), storage_error, log_tampered (the restored log
// does not verify). Returns the restored log's verdicts, one per chain.
result<std::vector<log_verdict>> restore_store(const std::string& backup, std::string_view uri, bool force);

}  // namespace netvet::store
