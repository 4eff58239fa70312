// netvet/model/attribute_column.h: the values of one extra column (an
// attribute the source carried beyond netvet's columns), by row.
//
// Real inventories carry four kinds of extra column, and one layout cannot
// hold all four in proportion to the input:
//   - values most rows leave empty (a NetBox custom field set on a few
//     devices, a JSON element with a key of its own): `sparse`, a (row, id)
//     pair per value, so that N rows each with a key of its own cost N pairs,
//     not N x N cells;
//   - values that repeat (rack, tenant, status): `interned`, a string_id per
//     row into the network's string_pool;
//   - values that do not repeat but are a fixed prefix and a number (asset
//     tags `AT000100003`, NetBox ids `1234567`): `numbered`, the prefix once
//     and a std::uint32_t per row (kNoNumber: empty). The digits are either
//     fixed width (every value has exactly `width` digits, zero-padded) or
//     canonical (no leading zero unless the number is 0, any length);
//   - other values that do not repeat (serial numbers): `raw`, the bytes one
//     after another and each row's end offset, because a pool entry (view,
//     hash slot) costs more than the text itself.
// The column starts sparse and changes layout while it fills: interned once
// more than half the rows so far have a value; once nearly every value in its
// first 1024 was new, numbered if every value so far fits one prefix and
// digit form (prefix up to kMaxPrefix bytes, not ending in a digit), else
// raw. A numbered column meeting a value that does not fit (another prefix, a
// leading zero in canonical form, another width in fixed form, a number past
// 32 bits) turns raw, once, keeping every value. The layout depends only on
// the values in row order, so the same input gives the same layout.
//
// A numbered value has no bytes to point at, so `get` returns an
// `attribute_text`: a view of stored bytes or the value formatted into a
// buffer of its own. It does not convert to std::string_view by itself: a
// view() of it lives only as long as the attribute_text does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/string_pool.h"

namespace netvet::model {

// One attribute value as read back: a view of bytes the column (or its pool)
// holds, or text formatted into the object itself. Copies are independent;
// view() is valid while this object lives (and, for stored bytes, while the
// column is unchanged).
class attribute_text {
 public:
  static constexpr std::size_t kCapacity = 30;  // a numbered prefix and 10 digits

  attribute_text() = default;
  explicit attribute_text(std::string_view stored) : stored_(stored) {}
  // `prefix` then `number` in decimal, zero-padded to `width` digits (0: as
  // short as it goes). prefix.size() + max(width, 10) <= kCapacity.
  attribute_text(std::string_view prefix, std::uint32_t number, std::uint8_t width);

  [[nodiscard]] std::string_view view() const { return own_ ? std::string_view(buf_.data(), size_) : stored_; }
  [[nodiscard]] bool empty() const { return view().empty(); }

 private:
  std::string_view stored_;
  std::array<char, kCapacity> buf_{};
  std::uint8_t size_ = 0;
  bool own_ = false;
};

class attribute_column {
 public:
  enum class layout : std::uint8_t { sparse, interned, raw, numbered };

  // Numbered: the longest prefix kept, and the number that marks an empty row.
  static constexpr std::size_t kMaxPrefix = attribute_text::kCapacity - 10;
  static constexpr std::uint32_t kNoNumber = 0xFFFFFFFFU;

  // Adds `value` at `row`. Rows come in ascending order; rows not appended
  // are empty.
  void append(std::uint32_t row, std::string_view value, string_pool& pool);
  // Appends `other`'s rows 0..other_rows-1 as rows row_offset.. of this
  // column (which has at most row_offset rows so far); `other` keeps its
  // strings in `other_pool`, this column in `pool`. Reads back exactly as if
  // each value had been appended one by one; where the layouts agree (raw,
  // numbered with the same prefix and form, interned) without a per-value
  // append.
  void append_column(const attribute_column& other, std::uint32_t other_rows, std::uint32_t row_offset,
                     const string_pool& other_pool, string_pool& pool);
  [[nodiscard]] attribute_text get(std::uint32_t row, const string_pool& pool) const;
  // Pads the dense layouts to `rows` and gives back spare capacity.
  void finish(std::uint32_t rows);
  void reserve(std::size_t rows);
  [[nodiscard]] layout current_layout() const { return layout_; }
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  void sparse_to_interned();
  void interned_to_raw(const string_pool& pool);
  void interned_to_dense(const string_pool& pool);
  [[nodiscard]] bool interned_to_numbered(const string_pool& pool);
  void numbered_to_raw(string_pool& pool);
  void raw_to_interned(string_pool& pool);
  void pad_to(std::uint32_t row);
  void push_raw(std::string_view value);
  // The number `value` stands for in this numbered column, or kNoNumber.
  [[nodiscard]] std::uint32_t number_of(std::string_view value) const;
  void adopt(const attribute_column& other);
  [[nodiscard]] bool append_same_layout(const attribute_column& other, std::uint32_t other_rows,
                                        std::uint32_t row_offset, const string_pool& other_pool, string_pool& pool);
  void append_interned(const attribute_column& other, std::uint32_t other_rows, std::uint32_t row_offset,
                       const string_pool& other_pool, string_pool& pool);
  void append_each(const attribute_column& other, std::uint32_t other_rows, std::uint32_t row_offset,
                   const string_pool& other_pool, string_pool& pool);

  layout layout_ = layout::sparse;
  std::vector<std::uint32_t> rows_;  // sparse: the rows with a value
  std::vector<string_id> ids_;       // sparse: by rows_; interned: by row
  std::vector<char> chars_;          // raw: the values' bytes
  std::vector<std::uint32_t> ends_;  // raw: end offset in chars_, by row
  std::vector<std::uint32_t> nums_;  // numbered: the number by row, kNoNumber empty
  std::string prefix_;               // numbered: the text before the digits
  std::uint8_t width_ = 0;           // numbered: digits per value, 0 canonical
  string_id last_ = 0;               // the previous value (rows repeat it)
  std::uint32_t sampled_ = 0;        // values seen while deciding on raw
  std::uint32_t fresh_ = 0;          // of which new to the pool
  std::size_t reserve_rows_ = 0;     // rows expected (reserve)
  bool decided_ = false;             // raw or not, once sampled
};

}  // namespace netvet::model
