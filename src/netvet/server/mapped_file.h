// netvet/server/mapped_file.h: a file mapped read-only into memory, for
// reading a spooled upload (http.h, spooled_file) of up to gigabytes as one
// string_view without copying it onto the heap: the kernel pages it in and
// out, so the process holds the parsed network, not the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "netvet/core/error.h"

namespace netvet::server {

class mapped_file {
 public:
  // io_error naming the file when it cannot be opened or mapped. An empty
  // file maps to an empty view.
  static result<mapped_file> open(const std::string& path);
  mapped_file() = default;
  ~mapped_file();
  mapped_file(mapped_file&& other) noexcept;
  mapped_file& operator=(mapped_file&& other) noexcept;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;

  [[nodiscard]] std::string_view view() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace netvet::server
