// netvet/model/attribute_column.h: the values of one extra column (an
// attribute the source carried beyond netvet's columns), by row.
//
// Real inventories carry three kinds of extra column, and one layout cannot
// hold all three in proportion to the input:
//   - values most rows leave empty (a NetBox custom field set on a few
//     devices, a JSON element with a key of its own): `sparse`, a (row, id)
//     pair per value, so that N rows each with a key of its own cost N pairs,
//     not N x N cells;
//   - values that repeat (rack, tenant, status): `interned`, a string_id per
//     row into the network's string_pool;
//   - values that do not repeat (serial numbers, asset tags, NetBox ids):
//     `raw`, the bytes one after another and each row's end offset, because
//     a pool entry (view, hash slot) costs more than the text itself.
// The column starts sparse and changes layout while it fills: interned once
// more than half the rows so far have a value, raw once nearly every value in
// its first 1024 was new. The layout depends only on the values in row
// order, so the same input gives the same layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "netvet/core/string_pool.h"

namespace netvet::model {

class attribute_column {
 public:
  enum class layout : std::uint8_t { sparse, interned, raw };

  // Adds `value` at `row`. Rows come in ascending order; rows not appended
  // are empty.
  void append(std::uint32_t row, std::string_view value, string_pool& pool);
  [[nodiscard]] std::string_view get(std::uint32_t row, const string_pool& pool) const;
  // Pads the dense layouts to `rows` and gives back spare capacity.
  void finish(std::uint32_t rows);
  void reserve(std::size_t rows);
  [[nodiscard]] layout current_layout() const { return layout_; }
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  void sparse_to_interned();
  void interned_to_raw(const string_pool& pool);
  void raw_to_interned(string_pool& pool);
  void pad_to(std::uint32_t row);

  layout layout_ = layout::sparse;
  std::vector<std::uint32_t> rows_;  // sparse: the rows with a value
  std::vector<string_id> ids_;       // sparse: by rows_; interned: by row
  std::vector<char> chars_;          // raw: the values' bytes
  std::vector<std::uint32_t> ends_;  // raw: end offset in chars_, by row
  string_id last_ = 0;               // the previous value (rows repeat it)
  std::uint32_t sampled_ = 0;        // values seen while deciding on raw
  std::uint32_t fresh_ = 0;          // of which new to the pool
  std::size_t reserve_rows_ = 0;     // rows expected (reserve)
  bool decided_ = false;             // raw or not, once sampled
};

}  // namespace netvet::model
