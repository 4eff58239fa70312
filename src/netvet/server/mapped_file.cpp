// netvet/server/mapped_file.cpp: see mapped_file.h (POSIX mmap).
#include "netvet/server/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netvet::server {

result<mapped_file> mapped_file::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(error_code::io_error, path + ": " + std::strerror(errno), location{path});
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return make_error(error_code::io_error, path + ": " + std::strerror(e), location{path});
  }
  mapped_file m;
  m.size_ = static_cast<std::size_t>(st.st_size);
  if (m.size_ > 0) {
    void* p = ::mmap(nullptr, m.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      return make_error(error_code::io_error, path + ": cannot map (" + std::strerror(e) + ")", location{path});
    }
    ::madvise(p, m.size_, MADV_SEQUENTIAL);
    m.data_ = p;
  }
  ::close(fd);  // the mapping stays valid
  return m;
}

mapped_file::~mapped_file() {
  if (data_ != nullptr) {
    ::munmap(data_, size_);
  }
}

mapped_file::mapped_file(mapped_file&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

mapped_file& mapped_file::operator=(mapped_file&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) {
      ::munmap(data_, size_);
    }
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

}  // namespace netvet::server
