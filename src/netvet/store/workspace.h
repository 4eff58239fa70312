// netvet/store/workspace.h: the workspace, a store of named network snapshots.
//
// A workspace holds snapshots: a network as imported at one moment, under a
// name the user chose ("2024-q1", "after-swap"). Every analysis names the
// snapshot it reads; there is no "current snapshot" (STYLE.md, "What to
// avoid"). A snapshot keeps every network-csv field of every element and link
// in input order, the vendor as the inventory spelled it, the extra columns
// (attributes) in their order, and which optional columns the source had, so
// that `io::write_elements_csv(load(name))` equals
// `io::write_elements_csv(source)` byte for byte (and the same for links).
//
// Opening: `open_workspace(uri)` picks the backend from the uri and returns
// the interface; callers need nothing else. The uri forms:
//   sqlite:PATH, file:PATH, PATH   the SQLite backend on the file PATH
//                                  (netvet/store/sqlite_workspace.h); also
//                                  file:///PATH, file://localhost/PATH
//   postgresql://..., postgres://...
//                                  unsupported: this netvet is built without
//                                  PostgreSQL (it comes with the server)
//   any other SCHEME://...         invalid_input naming the uri
// A PostgreSQL backend will be a second final class behind `workspace` with
// its own `make_postgres_workspace`, chosen here; nothing in this header
// depends on a backend (no SQL, no handles).
//
// Ownership: `open_workspace` returns the only owner of the connection;
// destroying it closes the connection (an open transaction is rolled back).
// Networks passed in are only read during the call; results are values the
// caller owns.
//
// Errors (values, never exceptions):
//   not_found       the snapshot (or, with create_if_missing = false or
//                   read_only, the workspace itself) does not exist
//   already_exists  import under a taken name without `replace`
//   unsupported     a backend this netvet lacks, or a workspace written by a
//                   newer netvet (schema version)
//   invalid_input   a bad snapshot name, a uri of an unknown scheme or with
//                   a remote host (file://host/...), a folder where the
//                   workspace file should be
//   limit_exceeded  a network with more than 2^32 - 1 elements
//   storage_error   the database failed (corrupt, locked, disk full, not a
//                   workspace, written to when read_only, ...)
// Errors about the workspace name it in `error::where.file` (its path, or
// the uri as given); a bad snapshot name names the field `--name` instead.
// A failed import changes nothing: it runs in one transaction that is
// rolled back (the database file stays byte for byte as it was).
//
// Threads: a `workspace` object is not safe to share between threads; open
// one per thread (SQLite's WAL lets readers run beside one writer). Several
// processes may open the same workspace. Progress callbacks run on the
// calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/model/network.h"
#include "netvet/model/vendor.h"

namespace netvet::store {

// A point in time, seconds since 1970-01-01T00:00:00Z. The library never
// reads the clock: the caller passes the time (hermetic tests).
struct timestamp {
  std::int64_t unix_seconds = 0;
  friend auto operator<=>(const timestamp&, const timestamp&) = default;
};
// "2024-05-01T09:30:00Z"
std::string format_timestamp(timestamp t);
std::optional<timestamp> parse_timestamp(std::string_view text);

// Called with rows done and rows in all during long imports and loads.
using progress_fn = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct snapshot_info {
  std::string name;
  timestamp imported_at;
  std::string source;        // the path it was imported from, as given
  std::string content_hash;  // 16 hex digits, see content_hash() below
  std::uint64_t elements = 0;
  std::uint64_t links = 0;
};

struct import_options {
  std::string name;    // 1..200 bytes, no control characters
  std::string source;  // recorded as given (a path, a URL)
  timestamp imported_at;
  bool replace = false;  // replace a snapshot of the same name (else already_exists)
  progress_fn progress;
};

// invalid_input unless `name` is a valid snapshot name (1..200 bytes, no
// control characters). Import checks it too; the CLI checks before reading.
status check_snapshot_name(std::string_view name);

// The content hash recorded with a snapshot: FNV-1a 64 over every stored
// field of every element and link (in order, with separators), the attribute
// names and the present columns. Equal networks (equal CSV output) have equal
// hashes; it is a change detector, not a cryptographic digest.
std::string content_hash(const model::network& net);

class workspace {
 public:
  virtual ~workspace() = default;
  workspace() = default;
  workspace(const workspace&) = delete;
  workspace& operator=(const workspace&) = delete;

  // Stores `net` as snapshot `options.name`, in one transaction.
  virtual result<snapshot_info> import_network(const model::network& net, const import_options& options) = 0;
  // Every snapshot, by name.
  virtual result<std::vector<snapshot_info>> list() = 0;
  virtual result<snapshot_info> info(std::string_view name) = 0;
  // The network of a snapshot, read in one transaction (a concurrent
  // replace cannot mix two versions); vendors are resolved through `catalog`
  // (the snapshot keeps spellings, not resolutions, so a newer catalogue
  // applies). `catalog` is only read during the call.
  virtual result<model::network> load(std::string_view name, const model::vendor_catalog& catalog,
                                      const progress_fn& progress = {}) = 0;
  // Deletes a snapshot (not_found if there is none of that name).
  virtual status remove(std::string_view name) = 0;
};

// What every backend understands when opening a workspace.
struct open_options {
  // false: a missing workspace is not_found instead of a new empty one.
  bool create_if_missing = true;
  // true: never write (imports and removes fail with storage_error); a
  // missing workspace is not_found whatever create_if_missing says. What a
  // command that only reads a snapshot asks for.
  bool read_only = false;
};

// Opens (or creates) the workspace that `uri` names (forms above).
result<std::unique_ptr<workspace>> open_workspace(std::string_view uri, const open_options& options = {});

// The schema version this netvet writes; workspaces with a newer one are
// refused with unsupported.
// Version 2 added element.generation; a version-1 file is read as it is and
// upgraded (in the import's transaction) when a snapshot is imported into it.
inline constexpr int kSchemaVersion = 2;

}  // namespace netvet::store
