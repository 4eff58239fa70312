// Issue 9's floor: the plainest single-threaded reader of a netvet network
// folder that a competent engineer would write as a baseline. It only
// tokenises elements.csv and links.csv, resolves link ends to element indices
// and builds the adjacency (CSR, both directions). No validation, no vendor
// work, no attribute storage. netvet's full load is measured against it by
// bench/load/run.sh.
//
// Deliberate choices, each the plain one rather than the fastest:
// - The files are streamed with std::fread in 1 MiB chunks (no mmap, no
//   whole-file string) and tokenised one byte at a time by a small RFC 4180
//   state machine (quoted fields, "" inside quotes, commas and newlines in
//   quotes, LF or CRLF line ends). A CR outside quotes is dropped.
// - Ids are concatenated into one std::vector<char> plus offsets. The id map
//   is a textbook open-addressing table (linear probing, power-of-two size at
//   least twice the element count, std::hash<std::string_view>, 8-byte slots
//   holding 32 bits of the hash and the element index), built once every id
//   is read. std::unordered_map<std::string_view, uint32_t> was the first
//   choice and is plainer still, but on 3M ids its node chains took 43% of
//   the floor's time (three dependent cache misses per lookup); a floor that
//   mostly measures the standard map's pointer chasing would flatter netvet.
// - Duplicate ids keep the first index; links with an unknown end are counted
//   and skipped.
//
// Usage: floor_load DIR
// Prints: floor: N elements, M links, K adjacency entries, T s
// where T is the wall time of reading both files and building the adjacency.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

// Byte-at-a-time CSV tokenizer. Keeps the bytes of the first `keep` fields of
// each record and calls on_record(fields, count) at every record end, where
// count is the number of fields the record had (at most `keep` are kept).
class csv_tokenizer {
 public:
  explicit csv_tokenizer(std::size_t keep) : fields_(keep) {}

  template <class F>
  void feed(const char* data, std::size_t size, F& on_record) {
    for (std::size_t i = 0; i < size; ++i) {
      if (step(data[i])) emit(on_record);
    }
  }

  template <class F>
  void finish(F& on_record) {
    if (started_) emit(on_record);
  }

 private:
  enum class state { field_start, unquoted, quoted, quote_in_quoted };

  // Advances the state machine by one byte; true when a record just ended.
  bool step(char c) {
    switch (state_) {
      case state::quoted:
        if (c == '"') {
          state_ = state::quote_in_quoted;
        } else {
          put(c);
        }
        return false;
      case state::quote_in_quoted:
        if (c == '"') {  // "" inside quotes is one quote
          put(c);
          state_ = state::quoted;
          return false;
        }
        return outside_quotes(c);
      case state::field_start:
        if (c == '"') {
          state_ = state::quoted;
          started_ = true;
          return false;
        }
        return outside_quotes(c);
      case state::unquoted:
        return outside_quotes(c);
    }
    return false;
  }

  bool outside_quotes(char c) {
    switch (c) {
      case ',':
        ++col_;
        started_ = true;
        state_ = state::field_start;
        return false;
      case '\n':
        state_ = state::field_start;
        return started_;  // a blank line is no record
      case '\r':
        return false;
      default:
        put(c);
        state_ = state::unquoted;
        return false;
    }
  }

  void put(char c) {
    started_ = true;
    if (col_ < fields_.size()) fields_[col_].push_back(c);
  }

  template <class F>
  void emit(F& on_record) {
    on_record(fields_, col_ + 1);
    for (auto& f : fields_) f.clear();
    col_ = 0;
    started_ = false;
    state_ = state::field_start;
  }

  std::vector<std::string> fields_;
  std::size_t col_ = 0;
  bool started_ = false;
  state state_ = state::field_start;
};

struct file_closer {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Streams `path` through a tokenizer keeping `keep` fields; on_record sees
// every record after the header. False when the file cannot be read.
template <class F>
bool for_each_record(const std::string& path, std::size_t keep, F on_record) {
  std::unique_ptr<std::FILE, file_closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) return false;
  bool header = true;
  auto skip_header = [&](const std::vector<std::string>& fields, std::size_t count) {
    if (header) {
      header = false;
    } else {
      on_record(fields, count);
    }
  };
  csv_tokenizer tokenizer(keep);
  std::vector<char> buffer(kChunkBytes);
  for (;;) {
    std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (got == 0) break;
    tokenizer.feed(buffer.data(), got, skip_header);
  }
  tokenizer.finish(skip_header);
  return std::ferror(file.get()) == 0;
}

struct element_ids {
  std::vector<char> bytes;
  std::vector<std::size_t> offsets{0};  // id i is bytes[offsets[i], offsets[i + 1])

  std::size_t size() const { return offsets.size() - 1; }
  std::string_view id(std::size_t i) const { return {bytes.data() + offsets[i], offsets[i + 1] - offsets[i]}; }
};

// Open addressing with linear probing over the ids in `ids` (which must
// outlive it). Duplicate ids keep the first index.
class id_index {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  explicit id_index(const element_ids& ids) : ids_(ids) {
    std::size_t capacity = 16;
    while (capacity < 2 * ids.size()) capacity *= 2;
    slots_.assign(capacity, slot{});
    mask_ = capacity - 1;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::size_t hash = std::hash<std::string_view>{}(ids.id(i));
      std::size_t pos = probe(ids.id(i), hash);
      if (slots_[pos].index == kAbsent) slots_[pos] = {static_cast<std::uint32_t>(hash), static_cast<std::uint32_t>(i)};
    }
  }

  std::uint32_t find(std::string_view id) const { return slots_[probe(id, std::hash<std::string_view>{}(id))].index; }

 private:
  struct slot {
    std::uint32_t hash = 0;
    std::uint32_t index = kAbsent;
  };

  // The slot holding `id`, or the empty slot where it would go.
  std::size_t probe(std::string_view id, std::size_t hash) const {
    for (std::size_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
      const slot& s = slots_[pos];
      if (s.index == kAbsent || (s.hash == static_cast<std::uint32_t>(hash) && ids_.id(s.index) == id)) return pos;
    }
  }

  const element_ids& ids_;
  std::vector<slot> slots_;
  std::size_t mask_ = 0;
};

bool read_elements(const std::string& dir, element_ids& ids) {
  return for_each_record(dir + "/elements.csv", 1, [&](const std::vector<std::string>& fields, std::size_t) {
    ids.bytes.insert(ids.bytes.end(), fields[0].begin(), fields[0].end());
    ids.offsets.push_back(ids.bytes.size());
  });
}

struct edge_list {
  std::vector<std::uint32_t> a;
  std::vector<std::uint32_t> b;
  std::size_t unknown = 0;
};

bool read_links(const std::string& dir, const id_index& index, edge_list& edges) {
  return for_each_record(dir + "/links.csv", 2, [&](const std::vector<std::string>& fields, std::size_t count) {
    std::uint32_t end_a = index.find(fields[0]);
    std::uint32_t end_b = index.find(fields[1]);
    if (count < 2 || end_a == id_index::kAbsent || end_b == id_index::kAbsent) {
      ++edges.unknown;
      return;
    }
    edges.a.push_back(end_a);
    edges.b.push_back(end_b);
  });
}

struct adjacency {
  std::vector<std::size_t> offsets;  // neighbours of i are neighbours[offsets[i], offsets[i + 1])
  std::vector<std::uint32_t> neighbours;
};

adjacency build_csr(std::size_t nodes, const edge_list& edges) {
  adjacency adj;
  adj.offsets.assign(nodes + 1, 0);
  for (std::size_t e = 0; e < edges.a.size(); ++e) {
    ++adj.offsets[edges.a[e] + 1];
    ++adj.offsets[edges.b[e] + 1];
  }
  for (std::size_t i = 0; i < nodes; ++i) adj.offsets[i + 1] += adj.offsets[i];
  adj.neighbours.resize(adj.offsets[nodes]);
  std::vector<std::size_t> fill(adj.offsets.begin(), adj.offsets.end() - 1);
  for (std::size_t e = 0; e < edges.a.size(); ++e) {
    adj.neighbours[fill[edges.a[e]]++] = edges.b[e];
    adj.neighbours[fill[edges.b[e]]++] = edges.a[e];
  }
  return adj;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: floor_load DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  auto start = std::chrono::steady_clock::now();
  element_ids ids;
  if (!read_elements(dir, ids)) {
    std::fprintf(stderr, "floor_load: cannot read %s/elements.csv\n", dir.c_str());
    return 1;
  }
  const id_index index(ids);
  edge_list edges;
  if (!read_links(dir, index, edges)) {
    std::fprintf(stderr, "floor_load: cannot read %s/links.csv\n", dir.c_str());
    return 1;
  }
  adjacency adj = build_csr(ids.size(), edges);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("floor: %zu elements, %zu links, %zu adjacency entries, %.3f s\n", ids.size(), edges.a.size(),
              adj.neighbours.size(), took.count());
  if (edges.unknown != 0) std::fprintf(stderr, "floor: %zu links skipped (unknown end)\n", edges.unknown);
  return 0;
}
