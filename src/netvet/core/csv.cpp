#include "netvet/core/csv.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netvet/core/text.h"

namespace netvet {

result<csv_reader> csv_reader::open_file(const std::string& path, csv_options options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    return make_error(e == ENOENT ? error_code::not_found : error_code::io_error,
                      std::string("cannot open: ") + std::strerror(e), location{path});
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return make_error(error_code::invalid_input, "is a directory, not a CSV file", location{path});
  }
  csv_reader r;
  r.name_ = path;
  r.opt_ = options;
  r.fd_ = fd;
  r.total_ = static_cast<std::uint64_t>(st.st_size);
  r.buf_.resize(options.chunk_bytes + options.max_record_bytes + 1);
  return r;
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

csv_reader::csv_reader(csv_reader&& o) noexcept { *this = std::move(o); }
csv_reader& csv_reader::operator=(csv_reader&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    name_ = std::move(o.name_);
    opt_ = o.opt_;
    fd_ = o.fd_;
    o.fd_ = -1;
    eof_ = o.eof_;
    done_ = o.done_;
    first_ = o.first_;
    buf_ = std::move(o.buf_);
    pos_ = o.pos_;
    end_ = o.end_;
    line_ = o.line_;
    record_line_ = o.record_line_;
    consumed_ = o.consumed_;
    total_ = o.total_;
    fields_ = std::move(o.fields_);
    scratch_ = std::move(o.scratch_);
  }
  return *this;
}
csv_reader::~csv_reader() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

bool csv_reader::refill() {
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
    const ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      eof_ = true;
      return got;
    }
    if (n == 0) {
      eof_ = true;
      return got;
    }
    end_ += static_cast<std::size_t>(n);
    got = true;
    if (end_ - pos_ >= opt_.chunk_bytes) {
      break;
    }
  }
  return got;
}

error csv_reader::fail(std::string message, std::size_t line, std::size_t field) const {
  location where{name_, line, field, {}};
  auto code = error_code::invalid_input;
  if (message.rfind("record longer", 0) == 0) {
    code = error_code::limit_exceeded;
  }
  return make_error(code, std::move(message), std::move(where));
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

}  // namespace

result<bool> csv_reader::next() {
  if (done_) {
    return false;
  }
  if (first_) {
    first_ = false;
    if (fd_ >= 0) {
      refill();
    }
    if (end_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
      pos_ += 3;
      consumed_ += 3;
    }
  }
  fields_.clear();
  // Find the end of the next line; refill when it is not in the buffer.
  while (true) {
    if (pos_ >= end_ && !refill()) {
      done_ = true;
      return false;
    }
    const char* base = buf_.data();
    const char* start = base + pos_;
    const std::size_t avail = end_ - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    if (nl == nullptr && !eof_) {
      if (avail > opt_.max_record_bytes) {
        done_ = true;
        return fail("record longer than the limit of " + std::to_string(opt_.max_record_bytes) + " bytes", line_, 0);
      }
      if (refill()) {
        continue;
      }
    }
    const std::size_t line_len = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : avail;
    if (line_len > opt_.max_record_bytes) {
      done_ = true;
      return fail("record longer than the limit of " + std::to_string(opt_.max_record_bytes) + " bytes", line_, 0);
    }
    if (std::memchr(start, '"', line_len) != nullptr) {
      // Slow path: the record is quoted and may span lines. Find its end by
      // quote parity, refilling as needed.
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
          done_ = true;
          return fail("record longer than the limit of " + std::to_string(opt_.max_record_bytes) + " bytes", line_, 0);
        }
        if (!refill()) {
          if (quoted) {
            done_ = true;
            return fail("unterminated quoted field (the quote opens in this record and is never closed)", line_,
                        field_at(buf_.data() + pos_, i));
          }
          break;
        }
      }
      if (i > opt_.max_record_bytes) {
        done_ = true;
        return fail("record longer than the limit of " + std::to_string(opt_.max_record_bytes) + " bytes", line_, 0);
      }
      return parse_quoted(pos_, pos_ + i);
    }
    // Fast path: no quotes on this line.
    record_line_ = line_;
    std::size_t len = line_len;
    if (has_high_bit(start, len)) {
      if (auto bad = find_invalid_utf8(std::string_view(start, len))) {
        done_ = true;
        return fail("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the record", line_,
                    field_at(start, *bad));
      }
    }
    const std::size_t advance = nl != nullptr ? line_len + 1 : line_len;
    pos_ += advance;
    consumed_ += advance;
    ++line_;
    if (len > 0 && start[len - 1] == '\r') {
      --len;
    }
    const char* p = start;
    const char* e = start + len;
    while (true) {
      const void* c = std::memchr(p, ',', static_cast<std::size_t>(e - p));
      if (c == nullptr) {
        fields_.emplace_back(p, static_cast<std::size_t>(e - p));
        break;
      }
      const char* cp = static_cast<const char*>(c);
      fields_.emplace_back(p, static_cast<std::size_t>(cp - p));
      p = cp + 1;
    }
    return true;
  }
}

result<bool> csv_reader::parse_quoted(std::size_t rec_begin, std::size_t rec_end) {
  const char* s = buf_.data() + rec_begin;
  std::size_t n = rec_end - rec_begin;
  record_line_ = line_;
  const bool has_nl = rec_end < end_;
  if (has_high_bit(s, n)) {
    if (auto bad = find_invalid_utf8(std::string_view(s, n))) {
      done_ = true;
      std::size_t l = line_;
      for (std::size_t k = 0; k < *bad; ++k) {
        l += s[k] == '\n' ? 1 : 0;
      }
      return fail("invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the record", l, field_at(s, *bad));
    }
  }
  scratch_.clear();
  scratch_.reserve(n);
  // Offsets into scratch_, turned into views once scratch_ is final.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t i = 0;
  std::size_t lines_in = 0;
  std::size_t field_no = 1;
  while (true) {
    const std::size_t fstart = scratch_.size();
    if (i < n && s[i] == '"') {
      ++i;
      while (true) {
        if (i >= n) {
          done_ = true;
          return fail("unterminated quoted field", line_, field_no);
        }
        if (s[i] == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            scratch_.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        lines_in += s[i] == '\n' ? 1 : 0;
        scratch_.push_back(s[i]);
        ++i;
      }
      // After a closing quote: a comma, the end, or CR at the end.
      if (i < n && s[i] != ',' && !(s[i] == '\r' && i + 1 == n)) {
        done_ = true;
        return fail("unexpected text after a closing quote", line_ + lines_in, field_no);
      }
    } else {
      while (i < n && s[i] != ',') {
        if (s[i] == '\r' && i + 1 == n) {
          break;
        }
        scratch_.push_back(s[i]);
        ++i;
      }
    }
    spans.emplace_back(fstart, scratch_.size() - fstart);
    if (i < n && s[i] == ',') {
      ++i;
      ++field_no;
      continue;
    }
    break;
  }
  for (const auto& [off, len] : spans) {
    fields_.emplace_back(scratch_.data() + off, len);
  }
  const std::size_t advance = n + (has_nl ? 1 : 0);
  pos_ = rec_begin + advance;
  consumed_ += advance;
  line_ += 1 + lines_in;
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
