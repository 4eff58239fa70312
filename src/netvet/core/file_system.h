// netvet/core/file_system.h: every file access of the library, behind one seam.
//
// After LevelDB's `Env`: readers, loaders and writers take a `file_system&`
// (through their options; `local_file_system()` when none is given) instead
// of opening files themselves, so that a test can wrap the real one and
// inject faults (a read that fails half-way, a write that fails, a missing
// file) and a server can confine what a request may read. netvet's own test
// wrapper is tests/support/fault_file_system.h.
//
// Errors (values): not_found (no such file or folder), invalid_input (a
// folder where a file is expected, or the reverse), limit_exceeded (a file
// larger than the caller's limit), io_error (anything the operating system
// refused). Each names the path in `error::where.file`.
//
// Threads: `local_file_system()` is stateless and safe to share; a
// `sequential_file` belongs to one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"

namespace netvet {

struct file_status {
  bool exists = false;
  bool is_directory = false;
  std::uint64_t size = 0;  // bytes, for regular files
  // Which file and which version of it (0 where the file system cannot
  // tell): a reader that opens a file more than once checks it is the same.
  std::uint64_t inode = 0;
  std::int64_t modified_ns = 0;

  [[nodiscard]] bool same_file(const file_status& o) const {
    return exists == o.exists && size == o.size && inode == o.inode && modified_ns == o.modified_ns;
  }
};

// A file read from start to end in chunks.
class sequential_file {
 public:
  virtual ~sequential_file() = default;
  sequential_file() = default;
  sequential_file(const sequential_file&) = delete;
  sequential_file& operator=(const sequential_file&) = delete;

  // Reads up to `buffer.size()` bytes; 0 at the end of the file.
  virtual result<std::size_t> read(std::span<char> buffer) = 0;
  // The size when the file was opened (0 when unknown).
  [[nodiscard]] virtual std::uint64_t size() const = 0;
  // Moves `bytes` forward without handing them out (a file read in parts).
  // This default reads and drops them; a real file seeks.
  virtual status skip(std::uint64_t bytes);
};

class file_system {
 public:
  virtual ~file_system() = default;
  file_system() = default;
  file_system(const file_system&) = delete;
  file_system& operator=(const file_system&) = delete;

  // What is at `path`; a missing path is `exists == false`, not an error.
  virtual result<file_status> status_of(const std::string& path) = 0;
  virtual result<std::unique_ptr<sequential_file>> open_sequential(const std::string& path) = 0;
  // The names (not paths) of a folder's entries, sorted bytewise.
  virtual result<std::vector<std::string>> list_directory(const std::string& path) = 0;
  // Writes `text` to a temporary beside `path`, then renames it over `path`:
  // readers see the old file or the new one, never a part.
  virtual status write_file_atomic(const std::string& path, std::string_view text) = 0;
  // Creates a folder and its parents (an existing folder is fine).
  virtual status create_directories(const std::string& path) = 0;

  // The whole file, at most `max_bytes` (limit_exceeded beyond).
  result<std::string> read_file(const std::string& path, std::size_t max_bytes = std::size_t{1} << 31);
  // The first up to `n` bytes (empty for a missing or unreadable file).
  std::string read_head(const std::string& path, std::size_t n);
};

// The process's real file system (POSIX).
file_system& local_file_system();

}  // namespace netvet
