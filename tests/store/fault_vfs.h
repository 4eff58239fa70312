// tests/store: a SQLite VFS that injects write failures (after LevelDB's
// db/fault_injection_test.cc, at SQLite's operating-system seam).
//
// `fault_vfs::install()` registers, once per process, a VFS named
// fault_vfs::kName that delegates every call to SQLite's default VFS and
// counts the writes (xWrite) to every file it opens: the database, its WAL
// and its journals. Once armed with `fail_writes_after(n)`, the writes after
// the first n fail with SQLITE_IOERR_WRITE, as a full or failing disk would,
// until `disarm()`. Reads, locks and the WAL index are never faulted.
//
// Open a workspace through it with sqlite_options::vfs = fault_vfs::kName.
//
// Threads: the counters are atomics, but the plan is process-wide: tests
// that arm it must not run in parallel in one process (gtest runs tests of
// one binary one after another).
#pragma once

#include <cstdint>

namespace netvet::testing {

class fault_vfs {
 public:
  static constexpr const char* kName = "netvet-fault";

  // Registers the VFS (idempotent); false if SQLite refused.
  static bool install();

  // Lets `writes` more writes through, then fails every later one.
  static void fail_writes_after(std::uint64_t writes);
  // Stops failing; the counters keep counting.
  static void disarm();
  // Writes seen and writes failed since the last fail_writes_after or
  // reset_counts.
  static std::uint64_t writes();
  static std::uint64_t failures();
  static void reset_counts();
};

}  // namespace netvet::testing
