// netvet/core/csv.h: a streaming RFC 4180 CSV tokenizer.
//
// Reads a file in fixed chunks (memory stays bounded by `max_record_bytes`
// plus one chunk, whatever the file size), or an in-memory text. Fields may
// be quoted, with `""` for a quote inside; quoted fields may hold commas and
// line breaks. CRLF and LF line ends are accepted; a UTF-8 byte-order mark is
// skipped. Every record is checked to be valid UTF-8.
//
// Errors (returned as values, reader then stops): unterminated quote, text
// after a closing quote, a record longer than `max_record_bytes`, invalid
// UTF-8 (each naming the file, the line and the field), and a file that
// cannot be opened or read (the file_system's error: not_found or io_error,
// naming the file). A read that fails half-way is an error at once, never a
// shorter file.
//
// Files are read through a `file_system` (core/file_system.h): one
// `sequential_file::read` per chunk, so the seam costs one virtual call per
// `chunk_bytes`.
//
// Views returned by `fields()` are valid until the next call to `next()`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/core/file_system.h"

namespace netvet {

struct csv_options {
  // Longest record accepted (documented limit; README "Limits").
  std::size_t max_record_bytes = std::size_t{1} << 20;
  std::size_t chunk_bytes = std::size_t{1} << 20;
};

class csv_reader {
 public:
  // Opens `path` on `fs`; a folder is invalid_input ("is a directory, not a
  // CSV file"). `fs` is used only here: the reader owns the opened file.
  static result<csv_reader> open_file(file_system& fs, const std::string& path, csv_options options = {});
  static csv_reader from_text(std::string_view text, std::string name, csv_options options = {});
  // Reads only bytes [begin, end) of `path`: one part of a file split for
  // parallel parsing (csv_split). A part that begins past 0 has no byte-order
  // mark to skip, and its line numbers count from its own start.
  static result<csv_reader> open_range(file_system& fs, const std::string& path, std::uint64_t begin, std::uint64_t end,
                                       csv_options options = {});

  csv_reader(csv_reader&&) noexcept = default;
  csv_reader& operator=(csv_reader&&) noexcept = default;
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;
  ~csv_reader() = default;

  // Advances to the next record: true if there is one, false at the end.
  result<bool> next();

  [[nodiscard]] std::span<const std::string_view> fields() const { return fields_; }
  // 1-based line on which the current record starts.
  [[nodiscard]] std::size_t line() const { return record_line_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::uint64_t bytes_consumed() const { return consumed_; }
  // Total size when known (files), else 0. For progress lines.
  [[nodiscard]] std::uint64_t total_bytes() const { return total_; }
  // Records in the whole input, extrapolated from the line ends in what is
  // buffered now (for reserving memory up front); 0 when unknown.
  [[nodiscard]] std::uint64_t estimated_records() const;

 private:
  csv_reader() = default;
  status begin_input();      // the first chunk; skips a byte-order mark
  status check_line_ends();  // CR-only line ends are an error on line 1
  result<bool> refill();     // reads more bytes; false at EOF
  result<bool> have_input();
  status read_more_of_line(std::size_t avail);
  result<bool> take_line(const char* start, std::size_t line_len, bool has_nl);
  error fail(std::string message, std::size_t line, std::size_t field);
  error too_long();
  // The length of the quoted record at pos_, refilling as needed.
  result<std::size_t> quoted_record_length();
  struct line_scan {
    bool quoted = false;    // a quote somewhere in the line
    bool high_bit = false;  // a byte past ASCII (UTF-8 to check)
  };
  line_scan split_plain(const char* start, std::size_t len);
  result<bool> parse_quoted(std::size_t rec_begin, std::size_t rec_end);

  std::string name_;
  csv_options opt_;
  std::unique_ptr<sequential_file> file_;  // null for in-memory text
  bool eof_ = false;
  bool done_ = false;
  bool first_ = true;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t total_ = 0;
  std::uint64_t left_ = ~std::uint64_t{0};  // bytes the file may still give (open_range)
  std::vector<std::string_view> fields_;
  std::string scratch_;
};

// Where to split `path` into `parts` pieces for parallel parsing: for each
// even share of [from, size), the offset just after the first line end at or
// past it (at most `window` bytes on; none found: fewer pieces). Ascending,
// without `from` and `size`. A line end inside a quoted field is not a record
// end: the piece before such a point then ends inside a quote, which its
// reader reports as an unterminated quoted field, so a caller that gets no
// error from any piece has split at record ends.
result<std::vector<std::uint64_t>> csv_split(file_system& fs, const std::string& path, std::uint64_t from,
                                             std::uint64_t size, std::size_t parts, std::size_t window);

// Quotes a field when it holds a comma, quote, CR or LF (RFC 4180).
void append_csv_field(std::string& out, std::string_view field);

}  // namespace netvet
