#include <iterator>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "netvet/core/text.h"
#include "netvet/io/json_internal.h"

namespace netvet::io::detail {
namespace {

using json = nlohmann::json;

// A forward iterator over the text that records how far the parser has read,
// so that an error found in the parser callback (which is told no position)
// can still name the line.
class tracking_iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  tracking_iterator() = default;
  tracking_iterator(const char* p, const char** mark) : p_(p), mark_(mark) {}
  reference operator*() const { return *p_; }
  tracking_iterator& operator++() {
    ++p_;
    *mark_ = p_;
    return *this;
  }
  tracking_iterator operator++(int) {
    tracking_iterator t = *this;
    ++*this;
    return t;
  }
  friend bool operator!=(const tracking_iterator& a, const tracking_iterator& b) { return a.p_ != b.p_; }

 private:
  const char* p_ = nullptr;
  const char** mark_ = nullptr;
};

// Thrown from the parser callback to stop at the first error; caught below.
struct stop_parsing {
  error err;
};

// The keys seen in one open object. Small objects (most) search a vector;
// one with many keys switches to a hash set, so that checking is linear.
class key_set {
 public:
  void clear() {
    small_.clear();
    big_.reset();
  }
  // False when `k` was already there.
  bool insert(const std::string& k) {
    if (big_) {
      return big_->insert(k).second;
    }
    for (const auto& s : small_) {
      if (s == k) {
        return false;
      }
    }
    small_.push_back(k);
    if (small_.size() > kSmall) {
      big_ = std::make_unique<std::unordered_set<std::string>>(small_.begin(), small_.end());
      small_.clear();
    }
    return true;
  }

 private:
  static constexpr std::size_t kSmall = 16;
  std::vector<std::string> small_;
  std::unique_ptr<std::unordered_set<std::string>> big_;
};

}  // namespace

result<nlohmann::json> parse_json_text(std::string_view text, std::string_view name) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);  // a UTF-8 byte-order mark (Windows editors write one)
  }
  const char* mark = text.data();
  auto at = [&] {
    return location_of_byte(text, mark == text.data() ? 0 : static_cast<std::size_t>(mark - text.data()) - 1, name);
  };
  std::vector<key_set> open;  // one per open object or array (arrays' stay empty)
  std::size_t depth = 0;
  const json::parser_callback_t check = [&](int /*depth*/, json::parse_event_t ev, json& parsed) {
    switch (ev) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth >= kMaxJsonDepth) {
          throw stop_parsing{
              make_error(error_code::limit_exceeded,
                         "objects and arrays nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", at())};
        }
        if (open.size() <= depth) {
          open.emplace_back();
        }
        open[depth++].clear();
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        --depth;
        break;
      case json::parse_event_t::key:
        if (depth > 0 && !open[depth - 1].insert(parsed.get_ref<const std::string&>())) {
          location loc = at();
          loc.field = parsed.get<std::string>();
          std::string message = "duplicate key '" + loc.field + "' in one object";  // before loc is moved
          throw stop_parsing{make_error(error_code::invalid_input, std::move(message), std::move(loc))};
        }
        break;
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  try {
    return json::parse(tracking_iterator(text.data(), &mark), tracking_iterator(text.data() + text.size(), &mark),
                       check);
  } catch (const stop_parsing& s) {
    return s.err;
  } catch (const json::parse_error& e) {
    return make_error(error_code::invalid_input, std::string("JSON syntax error: ") + e.what(),
                      location_of_byte(text, e.byte == 0 ? 0 : e.byte - 1, name));
  } catch (const json::exception& e) {
    // out_of_range 406: a number too large for a double ("1e400").
    return make_error(error_code::invalid_input, std::string("JSON value error: ") + e.what(), at());
  }
}

}  // namespace netvet::io::detail
