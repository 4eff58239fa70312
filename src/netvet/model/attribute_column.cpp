#include "netvet/model/attribute_column.h"

#include <algorithm>
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

template <typename T>
void fit(std::vector<T>& v) {
  if (v.capacity() > v.size() + v.size() / 16 + 64) {
    v.shrink_to_fit();
  }
}

}  // namespace

void attribute_column::append(std::uint32_t row, std::string_view value, string_pool& pool) {
  if (value.empty()) {
    return;  // rows not appended read as empty
  }
  if (layout_ == layout::raw) {
    if (chars_.size() + value.size() <= std::numeric_limits<std::uint32_t>::max()) {
      pad_to(row);
      chars_.insert(chars_.end(), value.begin(), value.end());
      ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
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
      interned_to_raw(pool);
    }
  }
}

std::string_view attribute_column::get(std::uint32_t row, const string_pool& pool) const {
  switch (layout_) {
    case layout::sparse: {
      const auto it = std::lower_bound(rows_.begin(), rows_.end(), row);
      return it != rows_.end() && *it == row ? pool.view(ids_[static_cast<std::size_t>(it - rows_.begin())])
                                             : std::string_view{};
    }
    case layout::interned:
      return row < ids_.size() ? pool.view(ids_[row]) : std::string_view{};
    case layout::raw:
      if (row >= ends_.size()) {
        return {};
      }
      const std::uint32_t begin = row == 0 ? 0 : ends_[row - 1];
      return {chars_.data() + begin, ends_[row] - begin};
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
}

void attribute_column::reserve(std::size_t rows) {
  reserve_rows_ = rows;
  if (layout_ == layout::interned) {
    ids_.reserve(rows);
  } else if (layout_ == layout::raw) {
    ends_.reserve(rows);
  }
}

std::size_t attribute_column::memory_bytes() const {
  return sizeof(*this) + bytes_of(rows_) + bytes_of(ids_) + bytes_of(chars_) + bytes_of(ends_);
}

void attribute_column::pad_to(std::uint32_t row) {
  if (layout_ == layout::interned && ids_.size() < row) {
    ids_.resize(row, 0);
  } else if (layout_ == layout::raw && ends_.size() < row) {
    ends_.resize(row, ends_.empty() ? 0 : ends_.back());
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
    const std::string_view v = pool.view(id);
    chars_.insert(chars_.end(), v.begin(), v.end());
    ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
  }
  ids_ = {};
  layout_ = layout::raw;
}

void attribute_column::raw_to_interned(string_pool& pool) {
  std::vector<string_id> ids;
  ids.reserve(std::max(reserve_rows_, ends_.size()));
  for (std::uint32_t r = 0; r < ends_.size(); ++r) {
    ids.push_back(pool.intern(get(r, pool)));
  }
  ids_ = std::move(ids);
  chars_ = {};
  ends_ = {};
  layout_ = layout::interned;
  decided_ = true;
}

}  // namespace netvet::model
