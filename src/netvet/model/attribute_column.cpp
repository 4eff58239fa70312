#include "netvet/model/attribute_column.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <iterator>
#include <limits>

namespace netvet::model {
namespace {

// Sparse until a value in more than every other row, and past this many
// values (a short column costs little either way).
constexpr std::size_t kSparseValues = 64;
// Raw when at least 9 in 10 of the first kSample values were new.
constexpr std::uint32_t kSample = 1024;

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

constexpr std::size_t kMaxDigits = 10;                                        // 4294967294, the largest number kept
constexpr std::size_t kMaxChars = std::numeric_limits<std::uint32_t>::max();  // raw: offsets are 32-bit

bool is_digit(char c) { return c >= '0' && c <= '9'; }

template <typename T>
void fit(std::vector<T>& v) {
  if (v.capacity() > v.size() + v.size() / 16 + 64) {
    v.shrink_to_fit();
  }
}

}  // namespace

attribute_text::attribute_text(std::string_view prefix, std::uint32_t number, std::uint8_t width) : own_(true) {
  std::array<char, kMaxDigits> digits{};
  char* end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
  const auto n = static_cast<std::size_t>(end - digits.data());
  const std::size_t pad = width > n ? width - n : 0;
  char* out = std::copy(prefix.begin(), prefix.end(), buf_.data());
  out = std::fill_n(out, pad, '0');
  out = std::copy(digits.data(), end, out);
  size_ = static_cast<std::uint8_t>(out - buf_.data());
}

void attribute_column::append(std::uint32_t row, std::string_view value, string_pool& pool) {
  if (value.empty()) {
    return;  // rows not appended read as empty
  }
  if (layout_ == layout::numbered) {
    const std::uint32_t n = number_of(value);
    if (n != kNoNumber) {
      pad_to(row);
      nums_.push_back(n);
      return;
    }
    numbered_to_raw(pool);  // a value of another shape: raw from now on
  }
  if (layout_ == layout::raw) {
    if (chars_.size() + value.size() <= kMaxChars) {
      pad_to(row);
      push_raw(value);
      return;
    }
    raw_to_interned(pool);  // 4 GiB of text in one column: the offsets would overflow
  }
  string_id id = last_;
  if (pool.view(last_) != value) {
    const std::size_t before = pool.size();
    id = pool.intern(value);
    fresh_ += pool.size() > before ? 1 : 0;
  }
  last_ = id;
  if (layout_ == layout::sparse) {
    rows_.push_back(row);
    ids_.push_back(id);
    if (rows_.size() >= kSparseValues && rows_.size() * 2 > std::size_t{row} + 1) {
      sparse_to_interned();
    }
    fresh_ = 0;  // only values in a dense layout decide on raw
    return;
  }
  pad_to(row);
  ids_.push_back(id);
  if (!decided_ && ++sampled_ == kSample) {
    decided_ = true;
    if (fresh_ * 10 >= sampled_ * 9) {
      interned_to_dense(pool);
    }
  }
}

attribute_text attribute_column::get(std::uint32_t row, const string_pool& pool) const {
  switch (layout_) {
    case layout::sparse: {
      const auto it = std::lower_bound(rows_.begin(), rows_.end(), row);
      return it != rows_.end() && *it == row
                 ? attribute_text(pool.view(ids_[static_cast<std::size_t>(it - rows_.begin())]))
                 : attribute_text{};
    }
    case layout::interned:
      return row < ids_.size() ? attribute_text(pool.view(ids_[row])) : attribute_text{};
    case layout::raw: {
      if (row >= ends_.size()) {
        return {};
      }
      const std::uint32_t begin = row == 0 ? 0 : ends_[row - 1];
      return attribute_text(std::string_view(chars_.data() + begin, ends_[row] - begin));
    }
    case layout::numbered:
      return row < nums_.size() && nums_[row] != kNoNumber ? attribute_text(prefix_, nums_[row], width_)
                                                           : attribute_text{};
  }
  return {};
}

void attribute_column::finish(std::uint32_t rows) {
  if (layout_ != layout::sparse) {
    pad_to(rows);
  }
  fit(rows_);
  fit(ids_);
  fit(chars_);
  fit(ends_);
  fit(nums_);
}

void attribute_column::reserve(std::size_t rows) {
  reserve_rows_ = rows;
  if (layout_ == layout::interned) {
    ids_.reserve(rows);
  } else if (layout_ == layout::raw) {
    ends_.reserve(rows);
  } else if (layout_ == layout::numbered) {
    nums_.reserve(rows);
  }
}

std::size_t attribute_column::memory_bytes() const {
  return sizeof(*this) + bytes_of(rows_) + bytes_of(ids_) + bytes_of(chars_) + bytes_of(ends_) + bytes_of(nums_) +
         (prefix_.capacity() > std::string().capacity() ? prefix_.capacity() + 1 : 0);
}

void attribute_column::pad_to(std::uint32_t row) {
  if (layout_ == layout::interned && ids_.size() < row) {
    ids_.resize(row, 0);
  } else if (layout_ == layout::raw && ends_.size() < row) {
    ends_.resize(row, ends_.empty() ? 0 : ends_.back());
  } else if (layout_ == layout::numbered && nums_.size() < row) {
    nums_.resize(row, kNoNumber);
  }
}

void attribute_column::sparse_to_interned() {
  std::vector<string_id> dense;
  dense.reserve(std::max<std::size_t>(reserve_rows_, rows_.back() + 1));
  dense.resize(rows_.back() + 1, 0);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    dense[rows_[i]] = ids_[i];
  }
  ids_ = std::move(dense);
  rows_ = {};
  layout_ = layout::interned;
}

void attribute_column::interned_to_raw(const string_pool& pool) {
  ends_.reserve(std::max(reserve_rows_, ids_.size()));
  for (const string_id id : ids_) {
    push_raw(pool.view(id));
  }
  ids_ = {};
  layout_ = layout::raw;
}

void attribute_column::raw_to_interned(string_pool& pool) {
  std::vector<string_id> ids;
  ids.reserve(std::max(reserve_rows_, ends_.size()));
  for (std::uint32_t r = 0; r < ends_.size(); ++r) {
    ids.push_back(pool.intern(get(r, pool).view()));
  }
  ids_ = std::move(ids);
  chars_ = {};
  ends_ = {};
  layout_ = layout::interned;
  decided_ = true;
}

void attribute_column::append_column(const attribute_column& other, std::uint32_t other_rows, std::uint32_t row_offset,
                                     const string_pool& other_pool, string_pool& pool) {
  if (other_rows == 0) {
    return;
  }
  adopt(other);
  if (!append_same_layout(other, other_rows, row_offset, other_pool, pool)) {
    append_each(other, other_rows, row_offset, other_pool, pool);
  }
}

// A column with no value yet takes `other`'s dense layout (and its numbered
// prefix and form), so that the fast paths below apply.
void attribute_column::adopt(const attribute_column& other) {
  if (layout_ != layout::sparse || !rows_.empty() || other.layout_ == layout::sparse) {
    return;
  }
  layout_ = other.layout_;
  prefix_ = other.prefix_;
  width_ = other.width_;
  decided_ = other.decided_;
  sampled_ = 0;
  fresh_ = 0;
  ids_ = {};
  reserve(reserve_rows_);
}

bool attribute_column::append_same_layout(const attribute_column& other, std::uint32_t other_rows,
                                          std::uint32_t row_offset, const string_pool& other_pool, string_pool& pool) {
  if (layout_ != other.layout_) {
    return false;
  }
  if (layout_ == layout::raw) {
    const std::size_t n = std::min<std::size_t>(other.ends_.size(), other_rows);
    const std::uint32_t bytes = n == 0 ? 0 : other.ends_[n - 1];
    if (chars_.size() + bytes > kMaxChars) {
      return false;
    }
    pad_to(row_offset);
    const auto base = static_cast<std::uint32_t>(chars_.size());
    chars_.insert(chars_.end(), other.chars_.begin(), other.chars_.begin() + bytes);
    std::transform(other.ends_.begin(), other.ends_.begin() + static_cast<std::ptrdiff_t>(n), std::back_inserter(ends_),
                   [base](std::uint32_t end) { return base + end; });
    return true;
  }
  if (layout_ == layout::numbered && prefix_ == other.prefix_ && width_ == other.width_) {
    const std::size_t n = std::min<std::size_t>(other.nums_.size(), other_rows);
    pad_to(row_offset);
    nums_.insert(nums_.end(), other.nums_.begin(), other.nums_.begin() + static_cast<std::ptrdiff_t>(n));
    return true;
  }
  if (layout_ == layout::interned && decided_) {
    append_interned(other, other_rows, row_offset, other_pool, pool);
    return true;
  }
  return false;
}

// Interned into interned: each distinct id of `other` interned once.
void attribute_column::append_interned(const attribute_column& other, std::uint32_t other_rows,
                                       std::uint32_t row_offset, const string_pool& other_pool, string_pool& pool) {
  constexpr string_id kUnseen = std::numeric_limits<string_id>::max();
  std::vector<string_id> remap(other_pool.size(), kUnseen);
  remap[0] = 0;
  const std::size_t n = std::min<std::size_t>(other.ids_.size(), other_rows);
  pad_to(row_offset);
  for (std::size_t i = 0; i < n; ++i) {
    string_id& to = remap[other.ids_[i]];
    if (to == kUnseen) {
      to = pool.intern(other_pool.view(other.ids_[i]));
    }
    ids_.push_back(to);
  }
}

// Any other pair: value by value, as the rows came.
void attribute_column::append_each(const attribute_column& other, std::uint32_t other_rows, std::uint32_t row_offset,
                                   const string_pool& other_pool, string_pool& pool) {
  if (other.layout_ == layout::sparse) {
    for (std::size_t i = 0; i < other.rows_.size() && other.rows_[i] < other_rows; ++i) {
      append(row_offset + other.rows_[i], other_pool.view(other.ids_[i]), pool);
    }
    return;
  }
  for (std::uint32_t r = 0; r < other_rows; ++r) {
    const attribute_text t = other.get(r, other_pool);
    append(row_offset + r, t.view(), pool);
  }
}

void attribute_column::push_raw(std::string_view value) {
  chars_.insert(chars_.end(), value.begin(), value.end());
  ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
}

void attribute_column::interned_to_dense(const string_pool& pool) {
  if (!interned_to_numbered(pool)) {
    interned_to_raw(pool);
  }
}

// Numbered if every value so far is one prefix and digits of one form: the
// prefix is the first value's text before its trailing digits; fixed width
// if any value has a leading zero, else canonical.
bool attribute_column::interned_to_numbered(const string_pool& pool) {
  const auto first = std::find_if(ids_.begin(), ids_.end(), [](string_id id) { return id != 0; });
  if (first == ids_.end()) {
    return false;
  }
  const std::string_view v = pool.view(*first);
  std::size_t p = v.size();
  while (p > 0 && is_digit(v[p - 1])) {
    --p;
  }
  if (p == v.size() || v.size() - p > kMaxDigits || p > kMaxPrefix) {
    return false;
  }
  prefix_.assign(v.substr(0, p));
  width_ = 0;
  for (const string_id id : ids_) {
    const std::string_view w = pool.view(id);
    if (w.size() > p + 1 && w.size() - p <= kMaxDigits && w[p] == '0' && w.starts_with(prefix_)) {
      width_ = static_cast<std::uint8_t>(w.size() - p);
      break;
    }
  }
  const bool fits = std::all_of(ids_.begin(), ids_.end(),
                                [&](string_id id) { return id == 0 || number_of(pool.view(id)) != kNoNumber; });
  if (!fits) {
    prefix_ = {};
    width_ = 0;
    return false;
  }
  nums_.reserve(std::max(reserve_rows_, ids_.size()));
  for (const string_id id : ids_) {
    nums_.push_back(id == 0 ? kNoNumber : number_of(pool.view(id)));
  }
  ids_ = {};
  layout_ = layout::numbered;
  return true;
}

std::uint32_t attribute_column::number_of(std::string_view value) const {
  const std::size_t p = prefix_.size();
  if (value.size() <= p || std::memcmp(value.data(), prefix_.data(), p) != 0) {
    return kNoNumber;
  }
  const std::string_view digits = value.substr(p);
  if (width_ != 0 ? digits.size() != width_ : digits.size() > kMaxDigits || (digits.size() > 1 && digits[0] == '0')) {
    return kNoNumber;
  }
  std::uint64_t n = 0;
  for (const char c : digits) {
    if (!is_digit(c)) {
      return kNoNumber;
    }
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n < kNoNumber ? static_cast<std::uint32_t>(n) : kNoNumber;
}

// Once, when a value does not fit: every row formatted into the raw layout
// (or, past the raw layout's 4 GiB of text, interned).
void attribute_column::numbered_to_raw(string_pool& pool) {
  std::size_t bytes = 0;
  for (const std::uint32_t n : nums_) {
    bytes += n == kNoNumber ? 0 : attribute_text(prefix_, n, width_).view().size();
  }
  const bool raw = bytes <= kMaxChars;
  if (raw) {
    chars_.reserve(bytes);
    ends_.reserve(std::max(reserve_rows_, nums_.size()));
  } else {
    ids_.reserve(std::max(reserve_rows_, nums_.size()));
  }
  for (const std::uint32_t n : nums_) {
    const attribute_text t = n == kNoNumber ? attribute_text{} : attribute_text(prefix_, n, width_);
    if (raw) {
      push_raw(t.view());
    } else {
      ids_.push_back(pool.intern(t.view()));
    }
  }
  nums_ = {};
  prefix_ = {};
  width_ = 0;
  layout_ = raw ? layout::raw : layout::interned;
}

}  // namespace netvet::model
