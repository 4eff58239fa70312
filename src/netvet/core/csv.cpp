#include "netvet/core/csv.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "netvet/core/text.h"

namespace netvet {

result<csv_reader> csv_reader::open_file(file_system& fs, const std::string& path, csv_options options) {
  auto file = fs.open_sequential(path);
  if (!file) {
    if (file.err().code == error_code::invalid_input) {  // the file_system's "a folder, not a file"
      return make_error(error_code::invalid_input, "is a directory, not a CSV file", location{path});
    }
    return file.take_error();
  }
  csv_reader r;
  r.name_ = path;
  r.opt_ = options;
  r.total_ = (*file)->size();
  r.file_ = std::move(*file);
  r.buf_.resize(options.chunk_bytes + options.max_record_bytes + 1);
  return r;
}

result<csv_reader> csv_reader::open_range(file_system& fs, const std::string& path, std::uint64_t begin,
                                          std::uint64_t end, csv_options options) {
  NETVET_ASSIGN_OR_RETURN(auto r, open_file(fs, path, options));
  if (begin > 0) {
    NETVET_TRY(r.file_->skip(begin));
    r.first_ = false;
  }
  r.left_ = end - begin;
  r.total_ = end - begin;
  return r;
}

result<std::vector<std::uint64_t>> csv_split(file_system& fs, const std::string& path, std::uint64_t from,
                                             std::uint64_t size, std::size_t parts, std::size_t window) {
  std::vector<std::uint64_t> points;
  std::vector<char> buf(window);
  for (std::size_t i = 1; i < parts; ++i) {
    const std::uint64_t at = from + (size - from) * i / parts;
    if (!points.empty() && at < points.back()) {
      continue;
    }
    NETVET_ASSIGN_OR_RETURN(auto file, fs.open_sequential(path));
    NETVET_TRY(file->skip(at));
    std::size_t have = 0;
    while (have < buf.size()) {
      NETVET_ASSIGN_OR_RETURN(const std::size_t n, file->read(std::span<char>(buf.data() + have, buf.size() - have)));
      if (n == 0) {
        break;
      }
      have += n;
    }
    const void* nl = std::memchr(buf.data(), '\n', have);
    if (nl == nullptr) {
      continue;
    }
    const std::uint64_t point = at + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf.data()) + 1;
    if (point < size && (points.empty() || point > points.back())) {
      points.push_back(point);
    }
  }
  return points;
}

csv_reader csv_reader::from_text(std::string_view text, std::string name, csv_options options) {
  csv_reader r;
  r.name_ = std::move(name);
  r.opt_ = options;
  r.buf_.assign(text.begin(), text.end());
  r.end_ = r.buf_.size();
  r.eof_ = true;
  r.total_ = text.size();
  return r;
}

result<bool> csv_reader::refill() {
  if (eof_) {
    return false;
  }
  // Move the unread tail to the front, then fill the rest.
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  bool got = false;
  while (end_ < buf_.size()) {
    const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(buf_.size() - end_, left_));
    auto n = room == 0 ? result<std::size_t>(std::size_t{0}) : file_->read(std::span<char>(buf_.data() + end_, room));
    if (!n) {
      eof_ = true;
      done_ = true;
      return n.take_error();  // names the file; never a silently shorter input
    }
    if (*n == 0) {
      eof_ = true;
      return got;
    }
    end_ += *n;
    left_ -= *n;
    got = true;
    if (end_ - pos_ >= opt_.chunk_bytes) {
      break;
    }
  }
  return got;
}

error csv_reader::fail(std::string message, std::size_t line, std::size_t field) {
  done_ = true;
  location where{name_, line, field, {}};
  auto code = error_code::invalid_input;
  if (message.rfind("record longer", 0) == 0) {
    code = error_code::limit_exceeded;
  }
  return make_error(code, std::move(message), std::move(where));
}

error csv_reader::too_long() {
  return fail("record longer than the limit of " + std::to_string(opt_.max_record_bytes) + " bytes", line_, 0);
}

namespace {

// Which 1-based field of a raw record holds byte offset `off` (approximate for
// quoted commas; used only in error messages).
std::size_t field_at(const char* rec, std::size_t off) {
  std::size_t field = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < off; ++i) {
    if (rec[i] == '"') {
      quoted = !quoted;
    } else if (rec[i] == ',' && !quoted) {
      ++field;
    }
  }
  return field;
}

bool has_high_bit(const char* p, std::size_t n) {
  std::uint64_t acc = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) {
    acc |= static_cast<unsigned char>(p[i]);
  }
  return (acc & 0x8080808080808080ULL) != 0;
}

// A quoted record being split into fields.
struct record_cursor {
  const char* s;
  std::size_t n;
  std::size_t i = 0;
  std::size_t lines_in = 0;  // line breaks inside quoted fields so far

  [[nodiscard]] bool at(char ch) const { return i < n && s[i] == ch; }
  [[nodiscard]] bool at_final_cr() const { return s[i] == '\r' && i + 1 == n; }
  // Appends the quoted field at `i` (on its opening quote), `""` read as one
  // quote, and moves past the closing quote; false when it is never closed.
  bool unquote(std::string& out) {
    ++i;
    while (i < n) {
      if (s[i] == '"') {
        if (i + 1 < n && s[i + 1] == '"') {
          out.push_back('"');
          i += 2;
          continue;
        }
        ++i;
        return true;
      }
      lines_in += s[i] == '\n' ? 1 : 0;
      out.push_back(s[i]);
      ++i;
    }
    return false;
  }
  // Appends an unquoted field up to the next comma (a final CR is no part of it).
  void copy_plain(std::string& out) {
    while (i < n && s[i] != ',' && !at_final_cr()) {
      out.push_back(s[i]);
      ++i;
    }
  }
};

}  // namespace

result<bool> csv_reader::next() {
  if (done_) {
    return false;
  }
  if (first_) {
    NETVET_TRY(begin_input());
  }
  fields_.clear();
  // Find the end of the next line; refill when it is not in the buffer.
  while (true) {
    NETVET_ASSIGN_OR_RETURN(const bool more, have_input());
    if (!more) {
      return false;
    }
    const char* start = buf_.data() + pos_;
    const std::size_t avail = end_ - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    if (nl == nullptr && !eof_) {
      // Refilling moves the buffer: look again (at the end of the file too).
      NETVET_TRY(read_more_of_line(avail));
      continue;
    }
    const std::size_t line_len = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : avail;
    return take_line(start, line_len, nl != nullptr);
  }
}

// Bytes at pos_, refilling when the buffer is used up; false (and done) at
// the end of the input.
result<bool> csv_reader::have_input() {
  if (pos_ < end_) {
    return true;
  }
  NETVET_ASSIGN_OR_RETURN(const bool got, refill());
  done_ = !got;
  return got;
}

// The line at pos_ (`avail` bytes so far) has no end in the buffer yet.
status csv_reader::read_more_of_line(std::size_t avail) {
  if (avail > opt_.max_record_bytes) {
    return too_long();
  }
  NETVET_TRY(refill());
  return status::ok();
}

// The first chunk, and past a UTF-8 byte-order mark.
status csv_reader::begin_input() {
  first_ = false;
  if (file_) {
    NETVET_TRY(refill());
  }
  if (end_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
    pos_ += 3;
    consumed_ += 3;
  }
  return check_line_ends();
}

// Lines that end in CR alone (classic Mac OS) read as one long record whose
// fields hold CRs: say so on the first line, instead of a misleading
// duplicate-column or record-length error later.
status csv_reader::check_line_ends() {
  const std::string_view head(buf_.data() + pos_, end_ - pos_);
  const auto cr = head.find('\r');
  if (cr == std::string_view::npos || head.substr(0, cr).find('\n') != std::string_view::npos ||
      (cr + 1 < head.size() && head[cr + 1] == '\n') || cr + 1 == head.size()) {
    return status::ok();
  }
  return fail(
      "the lines end in a carriage return alone (CR, as classic Mac OS wrote them): save the file with "
      "LF or CRLF line ends",
      1, field_at(head.data(), cr));
}

// The record that starts with the line at pos_ (`line_len` bytes, then a
// line end when `has_nl`).
result<bool> csv_reader::take_line(const char* start, std::size_t line_len, bool has_nl) {
  if (line_len > opt_.max_record_bytes) {
    return too_long();
  }
  std::size_t len = line_len;
  if (len > 0 && start[len - 1] == '\r') {
    --len;
  }
  const line_scan scan = split_plain(start, len);
  if (scan.quoted) {
    // Slow path: the record is quoted and may span lines.
    fields_.clear();
    NETVET_ASSIGN_OR_RETURN(const std::size_t qlen, quoted_record_length());
    return parse_quoted(pos_, pos_ + qlen);
  }
  if (scan.high_bit) {
    if (const auto bad = find_invalid_utf8(std::string_view(start, line_len))) {
      fields_.clear();
      return fail("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the record", line_, field_at(start, *bad));
    }
  }
  record_line_ = line_;
  const std::size_t advance = has_nl ? line_len + 1 : line_len;
  pos_ += advance;
  consumed_ += advance;
  ++line_;
  return true;
}

// Splits the line [start, start + len) at commas into fields_, in one pass
// that also notes quotes and bytes past ASCII (16 bytes at a time where the
// CPU has SSE2). A quoted line's fields are not final: the caller re-reads it.
csv_reader::line_scan csv_reader::split_plain(const char* start, std::size_t len) {
  line_scan scan;
  std::size_t field_start = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i quote = _mm_set1_epi8('"');
  unsigned quotes = 0;
  unsigned high = 0;
  for (; i + 16 <= len; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(start + i));  // NOLINT: SSE2 load
    auto commas = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)));
    quotes |= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
    high |= static_cast<unsigned>(_mm_movemask_epi8(v));
    while (commas != 0) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(commas));
      fields_.emplace_back(start + field_start, at - field_start);
      field_start = at + 1;
      commas &= commas - 1;
    }
  }
  scan.quoted = quotes != 0;
  scan.high_bit = high != 0;
#endif
  for (; i < len; ++i) {
    const char c = start[i];
    if (c == ',') {
      fields_.emplace_back(start + field_start, i - field_start);
      field_start = i + 1;
    }
    scan.quoted = scan.quoted || c == '"';
    scan.high_bit = scan.high_bit || (static_cast<unsigned char>(c) & 0x80U) != 0;
  }
  fields_.emplace_back(start + field_start, len - field_start);
  return scan;
}

// Finds the end of a quoted record by quote parity, refilling as needed.
result<std::size_t> csv_reader::quoted_record_length() {
  std::size_t i = 0;
  bool quoted = false;
  while (true) {
    const std::size_t have = end_ - pos_;
    const char* s = buf_.data() + pos_;
    for (; i < have; ++i) {
      if (s[i] == '"') {
        quoted = !quoted;
      } else if (s[i] == '\n' && !quoted) {
        break;
      }
    }
    if (i < have) {
      break;  // found the end
    }
    if (i > opt_.max_record_bytes) {
      return too_long();
    }
    NETVET_ASSIGN_OR_RETURN(const bool got, refill());
    if (!got) {
      if (quoted) {
        return fail("unterminated quoted field (the quote opens in this record and is never closed)", line_,
                    field_at(buf_.data() + pos_, i));
      }
      break;
    }
  }
  if (i > opt_.max_record_bytes) {
    return too_long();
  }
  return i;
}

result<bool> csv_reader::parse_quoted(std::size_t rec_begin, std::size_t rec_end) {
  const char* s = buf_.data() + rec_begin;
  const std::size_t n = rec_end - rec_begin;
  record_line_ = line_;
  const bool has_nl = rec_end < end_;
  if (has_high_bit(s, n)) {
    if (auto bad = find_invalid_utf8(std::string_view(s, n))) {
      const auto lines_before = static_cast<std::size_t>(std::count(s, s + *bad, '\n'));
      return fail("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the record", line_ + lines_before,
                  field_at(s, *bad));
    }
  }
  scratch_.clear();
  scratch_.reserve(n);
  // Offsets into scratch_, turned into views once scratch_ is final.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  record_cursor c{s, n};
  std::size_t field_no = 1;
  while (true) {
    const std::size_t fstart = scratch_.size();
    if (c.at('"')) {
      if (!c.unquote(scratch_)) {
        return fail("unterminated quoted field", line_, field_no);
      }
      // After a closing quote: a comma, the end, or CR at the end.
      if (c.i < n && !c.at(',') && !c.at_final_cr()) {
        return fail("unexpected text after a closing quote", line_ + c.lines_in, field_no);
      }
    } else {
      c.copy_plain(scratch_);
    }
    spans.emplace_back(fstart, scratch_.size() - fstart);
    if (!c.at(',')) {
      break;
    }
    ++c.i;
    ++field_no;
  }
  for (const auto& [off, len] : spans) {
    fields_.emplace_back(scratch_.data() + off, len);
  }
  const std::size_t advance = n + (has_nl ? 1 : 0);
  pos_ = rec_begin + advance;
  consumed_ += advance;
  line_ += 1 + c.lines_in;
  return true;
}

std::uint64_t csv_reader::estimated_records() const {
  const std::size_t have = end_ - pos_;
  if (total_ == 0 || have == 0) {
    return 0;
  }
  std::uint64_t lines = 0;
  const char* p = buf_.data() + pos_;
  const char* e = buf_.data() + end_;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)))) != nullptr) {
    ++lines;
    ++p;
  }
  if (lines == 0) {
    return 1;
  }
  const double per_byte = static_cast<double>(lines) / static_cast<double>(have);
  return static_cast<std::uint64_t>(per_byte * static_cast<double>(total_ - consumed_)) + lines / 16 + 16;
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace netvet
