// fuzz/fuzz_support.h: what every fuzz target shares.
//
//  * `memory_file_system`: a file_system (core/file_system.h) over a map of
//    paths to texts, so that readers that take a path (a CSV folder, a folder
//    of NetBox pages, a GraphML file and its vendor map) read the fuzzer's
//    bytes without touching the disk. Folders are implied by the paths of
//    the files under them. Writes are kept in memory.
//  * `split`: cuts one input into parts at a separator line, so that one
//    input can carry several files (elements.csv and links.csv, ...).
//  * `check_error`: the contract every target asserts. A reader may refuse
//    its input, but only with an error whose code is one of the codes the
//    target's API documents (core/error.h's table), never `internal` (a bug)
//    and never without a message. Anything else aborts, so that libFuzzer
//    (and the replay driver) reports the input. NETVET_FUZZ_VERBOSE=1 in
//    the environment prints every refusal (to see which seeds read).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/core/file_system.h"

namespace netvet::fuzz {

// The separator line between the files of one input.
inline constexpr std::string_view kSeparator = "\n====\n";

// The parts of `input` between separator lines; at most `max_parts` (the last
// part keeps any further separators).
inline std::vector<std::string_view> split(std::string_view input, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const auto at = input.find(kSeparator);
    if (at == std::string_view::npos) {
      break;
    }
    parts.push_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(input);
  return parts;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void fail(const char* target, const std::string& why) {
  std::fprintf(stderr, "fuzz %s: contract broken: %s\n", target, why.c_str());
  std::abort();
}

// Aborts unless `e` carries one of the `allowed` codes and a message.
inline void check_error(const char* target, const error& e, std::initializer_list<error_code> allowed) {
  if (e.code == error_code::internal) {
    fail(target, "an internal error (a bug): " + e.to_string());
  }
  bool documented = false;
  for (const error_code code : allowed) {
    documented = documented || code == e.code;
  }
  if (!documented) {
    fail(target, "undocumented error code " + std::string(to_string(e.code)) + ": " + e.to_string());
  }
  if (e.message.empty()) {
    fail(target, "an error without a message (code " + std::string(to_string(e.code)) + ")");
  }
}

template <typename Result>
void check(const char* target, const Result& r, std::initializer_list<error_code> allowed) {
  if (!r.has_value()) {
    check_error(target, r.err(), allowed);
    if (std::getenv("NETVET_FUZZ_VERBOSE") != nullptr) {  // which seeds are refused, and why
      std::fprintf(stderr, "fuzz %s: refused: %s\n", target, r.err().to_string().c_str());
    }
  }
}

class memory_file_system final : public file_system {
 public:
  void add(std::string path, std::string_view text) { files_[std::move(path)] = std::string(text); }

  result<file_status> status_of(const std::string& path) override {
    file_status st;
    if (const auto it = files_.find(path); it != files_.end()) {
      st.exists = true;
      st.size = it->second.size();
    } else if (is_directory(path)) {
      st.exists = true;
      st.is_directory = true;
    }
    return st;
  }

  result<std::unique_ptr<sequential_file>> open_sequential(const std::string& path) override {
    const auto it = files_.find(path);
    if (it == files_.end()) {
      if (is_directory(path)) {
        return make_error(error_code::invalid_input, "a folder, not a file", location{path});
      }
      return make_error(error_code::not_found, "no such file", location{path});
    }
    return std::unique_ptr<sequential_file>(std::make_unique<memory_file>(it->second));
  }

  result<std::vector<std::string>> list_directory(const std::string& path) override {
    if (!is_directory(path)) {
      return make_error(error_code::not_found, "no such folder", location{path});
    }
    const std::string prefix = path + "/";
    std::vector<std::string> names;
    for (const auto& [name, text] : files_) {
      if (name.compare(0, prefix.size(), prefix) == 0) {
        std::string rest = name.substr(prefix.size());
        rest = rest.substr(0, rest.find('/'));
        names.push_back(rest);
      }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

  status write_file_atomic(const std::string& path, std::string_view text) override {
    files_[path] = std::string(text);
    return status::ok();
  }

  status create_directories(const std::string& /*path*/) override { return status::ok(); }

 private:
  class memory_file final : public sequential_file {
   public:
    explicit memory_file(std::string_view text) : text_(text) {}
    result<std::size_t> read(std::span<char> buffer) override {
      const std::size_t n = std::min(buffer.size(), text_.size() - at_);
      std::copy_n(text_.data() + at_, n, buffer.data());
      at_ += n;
      return n;
    }
    [[nodiscard]] std::uint64_t size() const override { return text_.size(); }

   private:
    std::string_view text_;
    std::size_t at_ = 0;
  };

  bool is_directory(const std::string& path) const {
    const std::string prefix = path + "/";
    const auto it = files_.lower_bound(prefix);
    return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }

  std::map<std::string, std::string> files_;
};

}  // namespace netvet::fuzz
