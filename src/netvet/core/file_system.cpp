#include "netvet/core/file_system.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace netvet {
namespace {

error os_error(error_code code, std::string_view what, const std::string& path, int err) {
  std::string why = std::strerror(err);
  if (err == ELOOP) {  // strerror's "Too many levels of symbolic links" hides the usual cause
    why = "the path's symbolic links form a loop (or nest more than 40 deep)";
  }
  return make_error(code, std::string(what) + ": " + why, location{path});
}

class posix_sequential_file final : public sequential_file {
 public:
  posix_sequential_file(int fd, std::string path, std::uint64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
  ~posix_sequential_file() override { ::close(fd_); }
  posix_sequential_file(const posix_sequential_file&) = delete;
  posix_sequential_file& operator=(const posix_sequential_file&) = delete;

  result<std::size_t> read(std::span<char> buffer) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n >= 0) {
        return static_cast<std::size_t>(n);
      }
      if (errno != EINTR) {
        return os_error(error_code::io_error, "read failed", path_, errno);
      }
    }
  }
  [[nodiscard]] std::uint64_t size() const override { return size_; }
  status skip(std::uint64_t bytes) override {
    if (::lseek(fd_, static_cast<off_t>(bytes), SEEK_CUR) < 0) {
      return os_error(error_code::io_error, "seek failed", path_, errno);
    }
    return {};
  }

 private:
  int fd_;
  std::string path_;
  std::uint64_t size_;
};

class posix_file_system final : public file_system {
 public:
  result<file_status> status_of(const std::string& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        return file_status{};
      }
      return os_error(error_code::io_error, "cannot read", path, errno);
    }
    return file_status{true, S_ISDIR(st.st_mode), static_cast<std::uint64_t>(st.st_size),
                       static_cast<std::uint64_t>(st.st_ino),
                       static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
  }

  result<std::unique_ptr<sequential_file>> open_sequential(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int e = errno;
      return os_error(e == ENOENT ? error_code::not_found : error_code::io_error, "cannot open", path, e);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
      ::close(fd);
      return make_error(error_code::invalid_input, "is a folder, expected a file", location{path});
    }
    return std::unique_ptr<sequential_file>(
        std::make_unique<posix_sequential_file>(fd, path, static_cast<std::uint64_t>(st.st_size)));
  }

  result<std::vector<std::string>> list_directory(const std::string& path) override {
    DIR* d = ::opendir(path.c_str());
    if (d == nullptr) {
      const int e = errno;
      return os_error(e == ENOENT ? error_code::not_found : error_code::io_error, "cannot list", path, e);
    }
    std::vector<std::string> names;
    while (const dirent* ent = ::readdir(d)) {
      const std::string_view name = ent->d_name;
      if (name != "." && name != "..") {
        names.emplace_back(name);
      }
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
  }

  status write_file_atomic(const std::string& path, std::string_view text) override {
    const std::string tmp = path + ".tmp-netvet";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      return os_error(error_code::io_error, "cannot write", path, errno);
    }
    std::size_t off = 0;
    while (off < text.size()) {
      const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        const int e = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return os_error(error_code::io_error, "write failed", path, e);
      }
      off += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
      const int e = errno;
      ::unlink(tmp.c_str());
      return os_error(error_code::io_error, "cannot write", path, e);
    }
    return {};
  }

  status create_directories(const std::string& path) override {
    std::string prefix;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
      pos = path.find('/', pos + 1);
      prefix = path.substr(0, pos);
      if (prefix.empty() || ::mkdir(prefix.c_str(), 0755) == 0 || errno == EEXIST) {
        continue;
      }
      return os_error(error_code::io_error, "cannot create folder", prefix, errno);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return make_error(error_code::io_error, "exists and is not a folder", location{path});
    }
    return {};
  }
};

}  // namespace

status sequential_file::skip(std::uint64_t bytes) {
  std::vector<char> sink(std::min<std::uint64_t>(bytes, std::uint64_t{1} << 16));
  while (bytes > 0) {
    NETVET_ASSIGN_OR_RETURN(const std::size_t n,
                            read(std::span<char>(sink.data(), std::min<std::uint64_t>(bytes, sink.size()))));
    if (n == 0) {
      return {};  // past the end: reads give nothing, as after a seek past it
    }
    bytes -= n;
  }
  return {};
}

result<std::string> file_system::read_file(const std::string& path, std::size_t max_bytes) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, status_of(path));
  if (!st.exists) {
    return make_error(error_code::not_found, "no such file", location{path});
  }
  if (st.is_directory) {
    return make_error(error_code::invalid_input, "is a folder, expected a file", location{path});
  }
  if (st.size > max_bytes) {
    return make_error(error_code::limit_exceeded,
                      "file is larger than the limit of " + std::to_string(max_bytes) + " bytes", location{path});
  }
  NETVET_ASSIGN_OR_RETURN(auto file, open_sequential(path));
  std::string out(static_cast<std::size_t>(st.size), '\0');
  std::size_t done = 0;
  for (;;) {
    if (done == out.size()) {
      if (out.size() >= max_bytes) {
        // A device or a file that grew: one byte more than the limit is an
        // error, never a silently cut text.
        char extra = 0;
        NETVET_ASSIGN_OR_RETURN(const std::size_t more, file->read(std::span<char>(&extra, 1)));
        if (more != 0) {
          return make_error(error_code::limit_exceeded,
                            "file is larger than the limit of " + std::to_string(max_bytes) + " bytes", location{path});
        }
        break;
      }
      out.resize(std::min(max_bytes, std::max<std::size_t>(out.size() * 2, 4096)));
    }
    NETVET_ASSIGN_OR_RETURN(const std::size_t n, file->read(std::span<char>(out.data() + done, out.size() - done)));
    if (n == 0) {
      break;
    }
    done += n;
  }
  out.resize(done);
  return out;
}

std::string file_system::read_head(const std::string& path, std::size_t n) {
  auto file = open_sequential(path);
  if (!file) {
    return {};
  }
  std::string out(n, '\0');
  std::size_t done = 0;
  while (done < n) {
    auto got = (*file)->read(std::span<char>(out.data() + done, n - done));
    if (!got || *got == 0) {
      break;
    }
    done += *got;
  }
  out.resize(done);
  return out;
}

file_system& local_file_system() {
  static posix_file_system fs;  // stateless: sharing it leaks nothing between callers
  return fs;
}

}  // namespace netvet
