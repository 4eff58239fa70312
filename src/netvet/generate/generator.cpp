// The synthetic network generator (docs/generator.md).
#include "netvet/generate/generator.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <sys/stat.h>

#include "netvet/core/csv.h"
#include "netvet/core/date.h"
#include "netvet/core/random.h"

namespace netvet::generate {
namespace {

// ---------------------------------------------------------------------------
// Randomness: netvet's portable xoshiro256** (core/random.h) plus normal
// draws by Box-Muller, so the stream is the same everywhere.

class rng : public xoshiro256ss {
 public:
  using xoshiro256ss::xoshiro256ss;
  // Standard normal by Box-Muller (both values used).
  double normal() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0) {
      u1 = uniform();
    }
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double a = 6.283185307179586 * u2;
    spare_ = r * std::sin(a);
    have_spare_ = true;
    return r * std::cos(a);
  }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

 private:
  bool have_spare_ = false;
  double spare_ = 0;
};

// ---------------------------------------------------------------------------
// Geography: New Zealand's 16 regions. Weights are approximate population
// shares (Stats NZ 2023 census, rounded); boxes and main cities are
// approximate.

struct region_info {
  std::string_view name;
  std::string_view code;
  double weight;
  double lat_min, lat_max, lon_min, lon_max;
  double city_lat, city_lon;
  double urban;  // share of sites in and around the main city
};

constexpr std::array<region_info, 16> kRegions = {{
    {"Northland", "NTL", 0.040, -36.40, -34.40, 172.60, 174.60, -35.725, 174.323, 0.30},
    {"Auckland", "AKL", 0.330, -37.30, -36.10, 174.20, 175.30, -36.848, 174.763, 0.80},
    {"Waikato", "WKO", 0.100, -39.00, -36.90, 174.60, 176.20, -37.787, 175.279, 0.40},
    {"Bay of Plenty", "BOP", 0.070, -38.90, -37.40, 175.80, 178.00, -37.687, 176.165, 0.45},
    {"Gisborne", "GIS", 0.010, -38.90, -37.50, 177.10, 178.60, -38.662, 178.018, 0.35},
    {"Hawke's Bay", "HKB", 0.035, -40.40, -38.60, 176.00, 178.00, -39.490, 176.912, 0.45},
    {"Taranaki", "TKI", 0.025, -39.90, -38.70, 173.70, 175.00, -39.057, 174.075, 0.40},
    {"Manawatū-Whanganui", "MWT", 0.050, -40.80, -38.70, 174.80, 176.50, -40.356, 175.611, 0.35},
    {"Wellington", "WGN", 0.105, -41.60, -40.60, 174.60, 176.30, -41.287, 174.776, 0.70},
    {"Tasman", "TAS", 0.011, -42.00, -40.50, 172.00, 173.20, -41.340, 173.184, 0.25},
    {"Nelson", "NSN", 0.011, -41.35, -41.10, 173.20, 173.50, -41.271, 173.284, 0.70},
    {"Marlborough", "MBH", 0.010, -42.30, -40.90, 173.00, 174.30, -41.514, 173.960, 0.35},
    {"West Coast", "WTC", 0.006, -44.00, -40.80, 168.30, 172.50, -42.450, 171.210, 0.20},
    {"Canterbury", "CAN", 0.130, -44.90, -42.00, 170.00, 173.80, -43.532, 172.636, 0.60},
    {"Otago", "OTA", 0.047, -46.70, -44.20, 168.20, 171.20, -45.879, 170.503, 0.45},
    {"Southland", "STL", 0.020, -46.70, -44.50, 166.50, 169.30, -46.413, 168.353, 0.30},
}};

// Data centres, in the order they are added as the network grows.
constexpr std::array<std::size_t, 8> kDataCentreRegions = {1, 8, 13, 2, 14, 3, 7, 5};

// ---------------------------------------------------------------------------
// Vendors: display names (the catalogue's keys) and the messy spellings real
// inventories hold for them. tests/generate checks that every messy spelling
// resolves to its vendor and every unknown spelling to none.

struct vendor_spellings {
  std::string_view name;
  std::array<std::string_view, 4> messy;  // empty entries unused
};

constexpr std::array<vendor_spellings, 27> kVendors = {{
    {"Huawei", {"HUAWEI", "Huawei Technologies Co., Ltd.", "huawei technologies", "Huawei Technologies Co Ltd"}},
    {"Ericsson", {"Telefonaktiebolaget LM Ericsson", "ericsson ab", "ERICSSON", "LM Ericsson"}},
    {"Nokia", {"Nokia Solutions and Networks Oy", "NOKIA", "Nokia Networks", "NSN"}},
    {"Samsung", {"Samsung Electronics Co., Ltd.", "SAMSUNG", "Samsung Networks", ""}},
    {"ZTE", {"ZTE Corporation", "zte corp", "ZTE Corp.", ""}},
    {"Cisco", {"CISCO SYSTEMS INC", "Cisco Systems, Inc.", "cisco", "Cisco Systems"}},
    {"Juniper", {"Juniper Networks, Inc.", "JUNIPER NETWORKS", "juniper", ""}},
    {"Ciena", {"Ciena Corporation", "CIENA", "", ""}},
    {"Infinera", {"Infinera Corporation", "INFINERA", "", ""}},
    {"Oracle", {"Oracle Communications", "ORACLE CORP", "Oracle Corporation", ""}},
    {"Mavenir", {"Mavenir Systems, Inc.", "MAVENIR", "", ""}},
    {"Aviat", {"Aviat Networks, Inc.", "AVIAT", "Aviat Networks", ""}},
    {"NEC", {"NEC Corporation", "nec corp", "", ""}},
    {"Calix", {"Calix, Inc.", "CALIX", "", ""}},
    {"Adtran", {"ADTRAN", "Adtran Holdings, Inc.", "", ""}},
    {"Arista", {"Arista Networks, Inc.", "ARISTA", "", ""}},
    {"Fortinet", {"FORTINET", "", "", ""}},
    {"Palo Alto", {"PALO ALTO", "", "", ""}},
    {"Dell", {"Dell Technologies", "DELL EMC", "", ""}},
    {"HPE", {"Hewlett Packard Enterprise", "HPE", "", ""}},
    {"Lenovo", {"LENOVO", "Lenovo Group Limited", "", ""}},
    {"Supermicro", {"SUPERMICRO", "", "", ""}},
    {"Infoblox", {"INFOBLOX", "", "", ""}},
    {"Meinberg", {"MEINBERG", "", "", ""}},
    {"Thales", {"THALES", "", "", ""}},
    {"Inspur", {"INSPUR", "Inspur Group Co., Ltd.", "", ""}},
    {"Ribbon", {"Ribbon Communications Inc.", "RIBBON", "", ""}},
}};

constexpr std::array<std::string_view, 4> kUnknownSpellings = {"Acme Telecom Ltd", "Kiwi Radio Works",
                                                               "Southern Cross Telemetry Ltd", "OEM (unlabelled)"};

std::size_t vendor_index(std::string_view name) {
  for (std::size_t i = 0; i < kVendors.size(); ++i) {
    if (kVendors[i].name == name) {
      return i;
    }
  }
  return 0;  // unreachable for the names used below (tests check every one)
}

// A weighted choice among vendors.
struct choice {
  std::string_view vendor;
  double weight;
};

template <std::size_t N>
std::string_view pick(rng& r, const std::array<choice, N>& options) {
  double total = 0;
  for (const auto& o : options) {
    total += o.weight;
  }
  double x = r.uniform() * total;
  for (const auto& o : options) {
    if (x < o.weight) {
      return o.vendor;
    }
    x -= o.weight;
  }
  return options.back().vendor;
}

// Mixes by layer (rough public market shares; not any operator's real mix).
constexpr std::array<choice, 5> kRan = {
    {{"Ericsson", 0.32}, {"Nokia", 0.28}, {"Huawei", 0.18}, {"Samsung", 0.12}, {"ZTE", 0.10}}};
constexpr std::array<std::string_view, 5> kRanVendors = {"Ericsson", "Nokia", "Huawei", "Samsung", "ZTE"};

// The generator's own spelling of a RAN vendor (`name` is one of kRanVendors).
std::string_view ran_vendor_named(std::string_view name) {
  for (const auto v : kRanVendors) {
    if (v == name) {
      return v;
    }
  }
  return kRanVendors.front();  // unreachable: check_shares accepted only these
}

constexpr std::array<choice, 4> kAccessRouter = {
    {{"Cisco", 0.40}, {"Nokia", 0.25}, {"Juniper", 0.20}, {"Huawei", 0.15}}};
constexpr std::array<choice, 4> kAggRouter = {{{"Cisco", 0.40}, {"Juniper", 0.30}, {"Nokia", 0.20}, {"Huawei", 0.10}}};
constexpr std::array<choice, 3> kCoreRouter = {{{"Cisco", 0.50}, {"Juniper", 0.35}, {"Nokia", 0.15}}};
constexpr std::array<choice, 5> kMicrowave = {
    {{"Aviat", 0.30}, {"Ericsson", 0.25}, {"Huawei", 0.20}, {"NEC", 0.15}, {"Nokia", 0.10}}};
constexpr std::array<choice, 5> kOlt = {
    {{"Huawei", 0.30}, {"Nokia", 0.30}, {"Calix", 0.15}, {"Adtran", 0.15}, {"ZTE", 0.10}}};
constexpr std::array<choice, 4> kCore5g = {{{"Ericsson", 0.40}, {"Nokia", 0.35}, {"Mavenir", 0.15}, {"Huawei", 0.10}}};
constexpr std::array<choice, 3> kCore4g = {{{"Ericsson", 0.45}, {"Nokia", 0.40}, {"Huawei", 0.15}}};
constexpr std::array<choice, 3> kIms = {{{"Mavenir", 0.40}, {"Ericsson", 0.35}, {"Nokia", 0.25}}};
constexpr std::array<choice, 3> kDcSwitch = {{{"Arista", 0.50}, {"Cisco", 0.30}, {"Juniper", 0.20}}};
constexpr std::array<choice, 2> kFirewall = {{{"Fortinet", 0.50}, {"Palo Alto", 0.50}}};
constexpr std::array<choice, 3> kOptical = {{{"Ciena", 0.50}, {"Infinera", 0.25}, {"Nokia", 0.25}}};
constexpr std::array<choice, 5> kNfvi = {
    {{"Dell", 0.35}, {"HPE", 0.30}, {"Lenovo", 0.15}, {"Supermicro", 0.12}, {"Inspur", 0.08}}};
constexpr std::array<choice, 3> kOss = {{{"Ericsson", 0.40}, {"Nokia", 0.40}, {"NEC", 0.20}}};
constexpr std::array<choice, 2> kBss = {{{"Oracle", 0.60}, {"NEC", 0.40}}};
constexpr std::array<choice, 2> kMano = {{{"Ericsson", 0.50}, {"Nokia", 0.50}}};
constexpr std::array<choice, 3> kNms = {{{"Cisco", 0.50}, {"Juniper", 0.25}, {"Nokia", 0.25}}};
constexpr std::array<choice, 2> kLi = {{{"Ericsson", 0.50}, {"Nokia", 0.50}}};

struct product {
  std::string_view model;
  std::array<std::string_view, 3> software;
};

// Model and software by vendor for a role; the first entry is the fallback.
struct role_products {
  std::string_view vendor;
  product p;
};

constexpr std::array<role_products, 5> kRanProducts = {{
    {"Ericsson", {"Baseband 6648", {"23.Q4", "24.Q1", "24.Q2"}}},
    {"Nokia", {"AirScale", {"SRAN 23R4", "SRAN 24R1", "SRAN 24R2"}}},
    {"Huawei", {"BBU5900", {"SRAN18.1", "SRAN19.1", "SRAN20.1"}}},
    {"Samsung", {"CDU50", {"v22.A.1", "v23.B.0", "v24.A.2"}}},
    {"ZTE", {"ZXRAN V9200", {"V5.65.20", "V5.75.10", "V5.85.00"}}},
}};
constexpr std::array<role_products, 4> kCsrProducts = {{
    {"Cisco", {"NCS 540", {"IOS XR 7.9.2", "IOS XR 7.11.1", "IOS XR 24.1.1"}}},
    {"Nokia", {"7250 IXR-e", {"SR OS 23.10.R1", "SR OS 24.3.R2", "SR OS 24.7.R1"}}},
    {"Juniper", {"ACX7100", {"Junos Evolved 22.4R3", "Junos Evolved 23.2R1", "Junos Evolved 23.4R2"}}},
    {"Huawei", {"NetEngine 8000 M1", {"VRP V800R021", "VRP V800R022", "VRP V800R023"}}},
}};
constexpr std::array<role_products, 4> kAggProducts = {{
    {"Cisco", {"NCS 5500", {"IOS XR 7.9.2", "IOS XR 7.11.1", "IOS XR 24.1.1"}}},
    {"Juniper", {"MX304", {"Junos 22.4R3", "Junos 23.2R1", "Junos 23.4R2"}}},
    {"Nokia", {"7750 SR-1", {"SR OS 23.10.R1", "SR OS 24.3.R2", "SR OS 24.7.R1"}}},
    {"Huawei", {"NetEngine 8000 X4", {"VRP V800R021", "VRP V800R022", "VRP V800R023"}}},
}};
constexpr std::array<role_products, 3> kCoreRouterProducts = {{
    {"Cisco", {"8201-32FH", {"IOS XR 7.11.1", "IOS XR 24.1.1", "IOS XR 24.2.1"}}},
    {"Juniper", {"PTX10008", {"Junos Evolved 23.2R1", "Junos Evolved 23.4R2", "Junos Evolved 24.2R1"}}},
    {"Nokia", {"7750 SR-14s", {"SR OS 23.10.R1", "SR OS 24.3.R2", "SR OS 24.7.R1"}}},
}};
constexpr std::array<role_products, 5> kMicrowaveProducts = {{
    {"Aviat", {"WTM 4200", {"6.1.0", "6.3.1", "7.0.2"}}},
    {"Ericsson", {"MINI-LINK 6352", {"MINI-LINK 1.12", "MINI-LINK 1.14", "MINI-LINK 1.16"}}},
    {"Huawei", {"OptiX RTN 950A", {"V100R019", "V100R020", "V100R021"}}},
    {"NEC", {"iPASOLINK EX", {"4.2.1", "4.4.0", "5.0.1"}}},
    {"Nokia", {"Wavence UBT-SA", {"Wavence 22", "Wavence 23", "Wavence 24"}}},
}};
constexpr std::array<role_products, 5> kOltProducts = {{
    {"Huawei", {"MA5800-X17", {"V100R021", "V100R022", "V100R023"}}},
    {"Nokia", {"Lightspan MF-14", {"FX 23.6", "FX 23.12", "FX 24.6"}}},
    {"Calix", {"E9-2", {"AXOS 23.1", "AXOS 23.3", "AXOS 24.1"}}},
    {"Adtran", {"SDX 6320", {"R22.6", "R23.3", "R23.9"}}},
    {"ZTE", {"TITAN C600", {"V1.2.1", "V1.3.0", "V2.0.0"}}},
}};

template <std::size_t N>
const product& product_for(const std::array<role_products, N>& table, std::string_view vendor) {
  for (const auto& p : table) {
    if (p.vendor == vendor) {
      return p.p;
    }
  }
  return table.front().p;
}

// Product family names for core, management and security functions.
std::string_view family_of(std::string_view vendor) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kFamilies = {{
      {"Ericsson", "Ericsson Cloud Core"},
      {"Nokia", "Nokia Cloud Core"},
      {"Mavenir", "MAVcore"},
      {"Huawei", "CloudCore"},
      {"Oracle", "Oracle Cloud Native Core"},
      {"Cisco", "Cisco Crosswork"},
      {"Juniper", "Juniper Paragon"},
      {"NEC", "Netcracker Digital"},
      {"Arista", "7280R3"},
      {"Fortinet", "FortiGate 4800F"},
      {"Palo Alto", "PA-7080"},
      {"Ciena", "WaveLogic 6000"},
      {"Infinera", "GX G42"},
      {"Dell", "PowerEdge R760"},
      {"HPE", "ProLiant DL380 Gen11"},
      {"Lenovo", "ThinkSystem SR650 V3"},
      {"Supermicro", "SYS-221H"},
      {"Inspur", "NF5280M7"},
      {"Infoblox", "NIOS Trinzic 2215"},
      {"Meinberg", "LANTIME M3000"},
      {"Thales", "Luna HSM 7"},
      {"Ribbon", "SBC 7000"},
  }};
  for (const auto& [v, f] : kFamilies) {
    if (v == vendor) {
      return f;
    }
  }
  return "Platform";
}

// ---------------------------------------------------------------------------
// Output: rows appended to a buffer that is flushed to a file (or kept, for
// generate_texts) in large writes.

class sink {
 public:
  sink() { buf_.reserve(kFlushBytes + 4096); }
  sink(const sink&) = delete;
  sink& operator=(const sink&) = delete;
  ~sink() {
    if (file_ != nullptr) {
      std::fclose(file_);
    }
  }

  status open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
      return make_error(error_code::io_error, std::string("cannot create: ") + std::strerror(errno), location{path});
    }
    return {};
  }
  std::string& buf() { return buf_; }
  void maybe_flush() {
    if (file_ != nullptr && buf_.size() >= kFlushBytes) {
      flush();
    }
  }
  status close() {
    flush();
    if (file_ != nullptr) {
      const bool bad = std::ferror(file_) != 0;
      const int rc = std::fclose(file_);
      file_ = nullptr;
      if (bad || rc != 0 || failed_) {
        return make_error(error_code::io_error, std::string("write failed: ") + std::strerror(errno), location{path_});
      }
    }
    return {};
  }
  [[nodiscard]] std::uint64_t bytes() const { return written_ + (file_ != nullptr ? buf_.size() : 0); }
  std::string take() { return std::move(buf_); }
  [[nodiscard]] bool in_memory() const { return file_ == nullptr; }

 private:
  static constexpr std::size_t kFlushBytes = std::size_t{4} << 20;
  void flush() {
    if (file_ == nullptr || buf_.empty()) {
      return;
    }
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      failed_ = true;
    }
    written_ += buf_.size();
    buf_.clear();
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  std::uint64_t written_ = 0;
  bool failed_ = false;
};

void append_u64(std::string& out, std::uint64_t v) {
  char b[24];
  const auto [p, ec] = std::to_chars(b, b + sizeof b, v);
  out.append(b, p);
}

void append_fixed(std::string& out, double v, int decimals) {
  char b[48];
  const auto [p, ec] = std::to_chars(b, b + sizeof b, v, std::chars_format::fixed, decimals);
  out.append(b, p);
}

void append_padded(std::string& out, std::uint64_t v, int width) {
  char b[24];
  const auto [p, ec] = std::to_chars(b, b + sizeof b, v);
  for (int n = static_cast<int>(p - b); n < width; ++n) {
    out += '0';
  }
  out.append(b, p);
}

struct element_row {
  std::string_view id;
  std::string_view fn;
  std::string_view vendor;  // a spelling
  std::string_view model;
  std::string_view software;
  std::string_view site;
  std::string_view region;
  double lat = 0;
  double lon = 0;
  std::uint32_t subscribers = 0;  // 0: left empty
  std::int32_t installed = kNoDate;
  std::string_view managed_by;
  std::string_view status = "active";
};

struct site_place {
  double lat;
  double lon;
  bool urban;
};

// Where an element stands: its site, region and coordinates.
struct placement {
  std::string_view site;
  std::string_view region;
  double lat = 0;
  double lon = 0;
};

// A data centre being built: its number and where its elements stand.
struct dc_site {
  std::uint32_t d;
  placement at;
};

// The upper-case element-id kind of a function ("amf" -> "AMF").
std::string upper_kind(std::string_view fn) {
  std::string kind(fn);
  std::transform(kind.begin(), kind.end(), kind.begin(), [](char c) { return static_cast<char>(c - 32); });
  return kind;
}

class generator {
 public:
  generator(const options& opt, sink& elements, sink& links)
      : opt_(opt),
        rng_(opt.seed),
        export_rng_(opt.seed ^ 0x5e41a1ULL),
        share_rng_(opt.seed ^ 0x5a4e5eULL),
        elements_(elements),
        links_(links) {}

  stats run() {
    elements_.buf() += "id,function,vendor,model,software,site,region,lat,lon,subscribers,installed,managed_by,status";
    elements_.buf() += opt_.export_attributes ? ",serial,asset_tag,netbox_id\n" : "\n";
    links_.buf() += "a,b,medium,capacity_gbps\n";
    stats_.sites = opt_.sites;
    stats_.data_centres = data_centres_for(opt_.sites);
    for (std::uint32_t d = 0; d < stats_.data_centres; ++d) {
      data_centre(d);
    }
    // Core routers: full mesh between data centres.
    for (std::uint32_t i = 0; i < stats_.data_centres; ++i) {
      for (std::uint32_t j = i + 1; j < stats_.data_centres; ++j) {
        for (int a = 1; a <= 2; ++a) {
          for (int b = 1; b <= 2; ++b) {
            link(dc_element(i, "CR", a), dc_element(j, "CR", b), "fiber", 400);
          }
        }
      }
    }
    const auto quotas = region_quotas();
    for (std::size_t r = 0; r < kRegions.size(); ++r) {
      if (quotas[r] > 0) {
        ++stats_.regions;
        region(r, quotas[r]);
      }
    }
    stats_.bytes = elements_.bytes() + links_.bytes();
    return stats_;
  }

 private:
  // A spelling of `vendor`: usually the display name, ~5% messy, ~0.1% unknown.
  std::string_view spell(std::string_view vendor) {
    const double x = rng_.uniform();
    if (x < 0.001) {
      return kUnknownSpellings[rng_.below(kUnknownSpellings.size())];
    }
    if (x < 0.051) {
      const auto& v = kVendors[vendor_index(vendor)];
      std::uint32_t n = 0;
      while (n < v.messy.size() && !v.messy[n].empty()) {
        ++n;
      }
      if (n > 0) {
        return v.messy[rng_.below(n)];
      }
    }
    return vendor;
  }

  std::int32_t install_date(int year_lo, int year_hi) {
    const int y = rng_.between(year_lo, year_hi);
    const auto m = static_cast<unsigned>(rng_.between(1, 12));
    const auto d = static_cast<unsigned>(rng_.between(1, 28));
    return date_from_ymd(y, m, d).days;
  }

  void element(const element_row& r) {
    std::string& o = elements_.buf();
    append_csv_field(o, r.id);
    o += ',';
    o += r.fn;
    o += ',';
    append_csv_field(o, r.vendor);
    o += ',';
    append_csv_field(o, r.model);
    o += ',';
    append_csv_field(o, r.software);
    o += ',';
    append_csv_field(o, r.site);
    o += ',';
    append_csv_field(o, r.region);
    o += ',';
    append_fixed(o, r.lat, 5);
    o += ',';
    append_fixed(o, r.lon, 5);
    o += ',';
    if (r.subscribers > 0) {
      append_u64(o, r.subscribers);
    }
    o += ',';
    if (r.installed != kNoDate) {
      o += format_date(date{r.installed});
    }
    o += ',';
    append_csv_field(o, r.managed_by);
    o += ',';
    o += r.status;
    if (opt_.export_attributes) {
      export_columns(o);
    }
    o += '\n';
    ++stats_.elements;
    elements_.maybe_flush();
  }

  // serial, asset_tag and netbox_id of the next element (export shape).
  void export_columns(std::string& o) {
    static constexpr std::string_view kSerialChars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    o += ',';
    for (int i = 0; i < 16; ++i) {
      o += kSerialChars[export_rng_.below(kSerialChars.size())];
    }
    asset_tag_ += 1 + export_rng_.below(3);
    o += ",AT";
    append_padded(o, asset_tag_, 9);
    o += ',';
    append_u64(o, stats_.elements + 1);
  }

  void link(std::string_view a, std::string_view b, std::string_view medium, double capacity) {
    std::string& o = links_.buf();
    append_csv_field(o, a);
    o += ',';
    append_csv_field(o, b);
    o += ',';
    o += medium;
    o += ',';
    char buf[32];
    const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, capacity);
    o.append(buf, p);
    o += '\n';
    ++stats_.links;
    links_.maybe_flush();
  }

  static std::string dc_element(std::uint32_t d, std::string_view kind, int n) {
    std::string s = "DC";
    append_u64(s, d + 1);
    s += '-';
    s += kind;
    append_u64(s, static_cast<std::uint64_t>(n));
    return s;
  }

  // A row for a product of `vendor`: the vendor's spelling, then one of the
  // product's software versions (in this order: both draw on the seed).
  element_row equipment(std::string_view id, std::string_view fn, std::string_view vendor, const product& p,
                        const placement& at) {
    element_row e;
    e.id = id;
    e.fn = fn;
    e.vendor = spell(vendor);
    e.model = p.model;
    e.software = p.software[rng_.below(3)];
    e.site = at.site;
    e.region = at.region;
    e.lat = at.lat;
    e.lon = at.lon;
    return e;
  }

  // A data-centre element with a generic "R<major>.<minor>" software; its id.
  std::string core_element(const dc_site& dc, std::string_view kind, int n, std::string_view fn,
                           std::string_view vendor, std::string_view model, int year_lo) {
    const std::string id = dc_element(dc.d, kind, n);
    std::string sw = "R";
    append_u64(sw, static_cast<std::uint64_t>(rng_.between(20, 24)));
    sw += '.';
    append_u64(sw, static_cast<std::uint64_t>(rng_.between(1, 4)));
    element_row r;
    r.id = id;
    r.fn = fn;
    r.vendor = spell(vendor);
    r.model = model;
    r.software = sw;
    r.site = dc.at.site;
    r.region = dc.at.region;
    r.lat = dc.at.lat;
    r.lon = dc.at.lon;
    r.installed = install_date(year_lo, 2024);
    element(r);
    return id;
  }

  // Links `id` to both data-centre switches.
  void attach(const dc_site& dc, const std::string& id, double gbps) {
    link(id, dc_element(dc.d, "SW", 1), "fiber", gbps);
    link(id, dc_element(dc.d, "SW", 2), "fiber", gbps);
  }

  // A core, management or security function on the switches; its model is
  // the vendor's product family and `suffix`.
  void service(const dc_site& dc, std::string_view kind, std::string_view fn, std::string_view vendor,
               std::string_view suffix, int year_lo, double gbps) {
    const std::string model = std::string(family_of(vendor)) + std::string(suffix);
    attach(dc, core_element(dc, kind, 1, fn, vendor, model, year_lo), gbps);
  }

  void data_centre(std::uint32_t d) {
    const auto& reg = kRegions[kDataCentreRegions[d]];
    std::string site = "DC";
    append_u64(site, d + 1);
    site += '-';
    site += reg.code;
    const double lat = reg.city_lat + 0.02 * rng_.normal();
    const double lon = reg.city_lon + 0.02 * rng_.normal();
    const dc_site dc{d, placement{site, reg.name, lat, lon}};
    dc_network(dc);
    dc_core_5g(dc);
    dc_core_4g(dc);
    dc_services(dc);
  }

  // Routers, switches, firewall and optical line system of the data centre.
  void dc_network(const dc_site& dc) {
    const auto cr_vendor = pick(rng_, kCoreRouter);
    const auto& crp = product_for(kCoreRouterProducts, cr_vendor);
    for (int n = 1; n <= 2; ++n) {
      const std::string id = dc_element(dc.d, "CR", n);
      element_row r = equipment(id, "router", cr_vendor, crp, dc.at);
      r.installed = install_date(2016, 2023);
      element(r);
    }
    link(dc_element(dc.d, "CR", 1), dc_element(dc.d, "CR", 2), "fiber", 400);
    const auto sw_vendor = pick(rng_, kDcSwitch);
    const std::string_view sw_model = sw_vendor == "Arista"  ? "7280R3"
                                      : sw_vendor == "Cisco" ? "Nexus 9364C"
                                                             : "QFX5220";
    for (int n = 1; n <= 2; ++n) {
      core_element(dc, "SW", n, "switch", sw_vendor, sw_model, 2018);
      link(dc_element(dc.d, "SW", n), dc_element(dc.d, "CR", 1), "fiber", 100);
      link(dc_element(dc.d, "SW", n), dc_element(dc.d, "CR", 2), "fiber", 100);
    }
    const auto fw_vendor = pick(rng_, kFirewall);
    attach(dc, core_element(dc, "FW", 1, "firewall", fw_vendor, family_of(fw_vendor), 2019), 100);
    const auto opt_vendor = pick(rng_, kOptical);
    const std::string opt = core_element(dc, "OPT", 1, "optical", opt_vendor, family_of(opt_vendor), 2017);
    link(opt, dc_element(dc.d, "CR", 1), "fiber", 400);
    link(opt, dc_element(dc.d, "CR", 2), "fiber", 400);
  }

  // 5G core: one vendor for the control plane, UPF sometimes another;
  // NRF and SEPP sometimes Oracle's (a common split).
  void dc_core_5g(const dc_site& dc) {
    const auto v5 = pick(rng_, kCore5g);
    const auto upf_vendor = rng_.chance(0.3) ? std::string_view("Cisco") : v5;
    const auto nrf_vendor = rng_.chance(0.35) ? std::string_view("Oracle") : v5;
    static constexpr std::array<std::string_view, 11> k5g = {"amf", "smf", "upf",  "ausf", "udm", "udr",
                                                             "pcf", "nrf", "nssf", "nef",  "sepp"};
    for (const auto fn : k5g) {
      const auto vendor = fn == "upf" ? upf_vendor : (fn == "nrf" || fn == "sepp") ? nrf_vendor : v5;
      const std::string kind = upper_kind(fn);
      service(dc, kind, fn, vendor, " " + kind, 2020, fn == "upf" ? 100 : 25);
    }
  }

  void dc_core_4g(const dc_site& dc) {
    const auto v4 = pick(rng_, kCore4g);
    const auto pcrf_vendor = rng_.chance(0.4) ? std::string_view("Oracle") : v4;
    static constexpr std::array<std::string_view, 5> k4g = {"mme", "sgw", "pgw", "hss", "pcrf"};
    for (const auto fn : k4g) {
      const auto vendor = fn == "pcrf" ? pcrf_vendor : v4;
      const std::string kind = upper_kind(fn);
      service(dc, kind, fn, vendor, " " + kind, 2014, fn == "sgw" || fn == "pgw" ? 100 : 25);
    }
  }

  // IMS, management and security functions.
  void dc_services(const dc_site& dc) {
    service(dc, "IMS", "ims", pick(rng_, kIms), " IMS", 2016, 25);
    service(dc, "OSS", "oss", pick(rng_, kOss), " OSS", 2015, 10);
    service(dc, "EMS", "ems", pick(rng_, kRan), " EMS", 2015, 10);
    service(dc, "NMS", "nms", pick(rng_, kNms), " NMS", 2016, 10);
    service(dc, "BSS", "bss", pick(rng_, kBss), " BSS", 2014, 10);
    service(dc, "MANO", "mano", pick(rng_, kMano), " MANO", 2019, 10);
    service(dc, "NFVI", "nfvi", pick(rng_, kNfvi), "", 2019, 100);
    service(dc, "LI", "li", pick(rng_, kLi), " LI-IMS", 2017, 10);
    service(dc, "DNS", "dns", "Infoblox", "", 2018, 10);
    service(dc, "NTP", "ntp", "Meinberg", "", 2018, 1);
    service(dc, "PKI", "pki", "Thales", "", 2019, 1);
  }

  // Sites per region: floor of the weighted share, the rest by largest
  // remainder (ties to the earlier region).
  [[nodiscard]] std::array<std::uint64_t, kRegions.size()> region_quotas() const {
    std::array<std::uint64_t, kRegions.size()> q{};
    std::array<double, kRegions.size()> rem{};
    std::uint64_t given = 0;
    for (std::size_t r = 0; r < kRegions.size(); ++r) {
      const double share = static_cast<double>(opt_.sites) * kRegions[r].weight;
      q[r] = static_cast<std::uint64_t>(share);
      rem[r] = share - static_cast<double>(q[r]);
      given += q[r];
    }
    while (given < opt_.sites) {
      std::size_t best = 0;
      for (std::size_t r = 1; r < kRegions.size(); ++r) {
        if (rem[r] > rem[best]) {
          best = r;
        }
      }
      ++q[best];
      rem[best] = -1;
      ++given;
    }
    return q;
  }

  // The two data centres nearest the region's main city.
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> home_dcs(std::size_t r) const {
    std::uint32_t best = 0;
    std::uint32_t second = 1;
    auto dist = [&](std::uint32_t d) {
      const auto& c = kRegions[kDataCentreRegions[d]];
      const double dl = c.city_lat - kRegions[r].city_lat;
      const double dn = c.city_lon - kRegions[r].city_lon;
      return dl * dl + dn * dn;
    };
    if (dist(second) < dist(best)) {
      std::swap(best, second);
    }
    for (std::uint32_t d = 2; d < stats_.data_centres; ++d) {
      if (dist(d) < dist(best)) {
        second = best;
        best = d;
      } else if (dist(d) < dist(second)) {
        second = d;
      }
    }
    return {best, second};
  }

  site_place place(const region_info& reg) {
    site_place p{};
    p.urban = rng_.chance(reg.urban);
    if (p.urban) {
      p.lat = std::clamp(reg.city_lat + 0.06 * rng_.normal(), reg.lat_min, reg.lat_max);
      p.lon = std::clamp(reg.city_lon + 0.08 * rng_.normal(), reg.lon_min, reg.lon_max);
    } else {
      p.lat = reg.lat_min + (reg.lat_max - reg.lat_min) * rng_.uniform();
      p.lon = reg.lon_min + (reg.lon_max - reg.lon_min) * rng_.uniform();
    }
    return p;
  }

  struct region_mix {
    std::string_view ran_primary;
    std::string_view ran_secondary;
    std::string_view csr;
    std::string_view agg;
    std::string_view microwave;
    std::string_view olt;
    bool ran_managed = false;  // RAN run by the vendor's managed service
  };

  region_mix mix_for_region() {
    region_mix m;
    m.ran_primary = pick(rng_, kRan);
    do {
      m.ran_secondary = pick(rng_, kRan);
    } while (m.ran_secondary == m.ran_primary);
    m.csr = pick(rng_, kAccessRouter);
    m.agg = pick(rng_, kAggRouter);
    m.microwave = pick(rng_, kMicrowave);
    m.olt = pick(rng_, kOlt);
    m.ran_managed = rng_.chance(0.25);
    return m;
  }

  // A region being built: its vendor mix and what is left of its quota.
  struct region_run {
    const region_info& reg;
    region_mix mix;
    std::string managed;  // the primary RAN vendor's managed service
    std::uint64_t left;
    std::uint64_t site_no = 0;
    std::uint32_t cluster = 0;
  };

  void region(std::size_t r, std::uint64_t quota) {
    const auto [dc1, dc2] = home_dcs(r);
    region_run run{kRegions[r], mix_for_region(), {}, quota};
    run.managed = std::string(run.mix.ran_primary) + " Managed Services";
    while (run.left > 0) {
      const auto [agg_a, agg_b] = aggregation_pair(run, dc1, dc2);
      const std::uint32_t rings = 6 + rng_.below(5);
      for (std::uint32_t ring = 0; ring < rings && run.left > 0; ++ring) {
        access_ring(run, agg_a, agg_b);
      }
    }
  }

  // The next cluster's aggregation pair, dual-homed to the region's two data
  // centres; the two router ids.
  std::pair<std::string, std::string> aggregation_pair(region_run& run, std::uint32_t dc1, std::uint32_t dc2) {
    ++run.cluster;
    std::string agg_a = "AGG-";
    agg_a += run.reg.code;
    agg_a += '-';
    append_padded(agg_a, run.cluster, 3);
    std::string agg_b = agg_a;
    agg_a += 'A';
    agg_b += 'B';
    const site_place hub = place(run.reg);
    std::string agg_site = std::string(run.reg.code) + "-AGG";
    append_padded(agg_site, run.cluster, 3);
    const auto& ap = product_for(kAggProducts, run.mix.agg);
    for (const std::string* id : {&agg_a, &agg_b}) {
      const auto vendor = rng_.chance(0.9) ? run.mix.agg : pick(rng_, kAggRouter);
      element_row e = equipment(*id, "router", vendor, ap, placement{agg_site, run.reg.name, hub.lat, hub.lon});
      e.installed = install_date(2010, 2021);
      element(e);
    }
    link(agg_a, agg_b, "fiber", 100);
    link(agg_a, dc_element(dc1, "CR", 1), "fiber", 100);
    link(agg_a, dc_element(dc2, "CR", 1), "fiber", 100);
    link(agg_b, dc_element(dc1, "CR", 2), "fiber", 100);
    link(agg_b, dc_element(dc2, "CR", 2), "fiber", 100);
    return {std::move(agg_a), std::move(agg_b)};
  }

  // A ring of cell sites from one aggregation router to the other.
  void access_ring(region_run& run, const std::string& agg_a, const std::string& agg_b) {
    const std::uint32_t ring_sites = 8 + rng_.below(5);
    std::string prev = agg_a;
    for (std::uint32_t i = 0; i < ring_sites && run.left > 0; ++i) {
      prev = ring_site(run, prev);
    }
    link(prev, agg_b, "fiber", 10);
  }

  // A cell site on a ring after `prev`: its router, radios, sometimes an OLT
  // and a microwave tail site; the router's id.
  std::string ring_site(region_run& run, const std::string& prev) {
    const auto& reg = run.reg;
    take_site(run.left);
    const std::string site = site_id(reg, ++run.site_no);
    const site_place p = place(reg);
    std::string csr = site + "-CSR";
    const auto csr_vendor = rng_.chance(0.9) ? run.mix.csr : pick(rng_, kAccessRouter);
    const auto& cp = product_for(kCsrProducts, csr_vendor);
    element_row e = equipment(csr, "router", csr_vendor, cp, placement{site, reg.name, p.lat, p.lon});
    e.installed = install_date(2008, 2023);
    element(e);
    link(prev, csr, "fiber", 10);
    radios(reg, run.mix, run.managed, site, p, csr);
    if (p.urban && rng_.chance(0.35)) {
      olt(reg, run.mix, site, p, csr);
    }
    if (run.left > 0 && rng_.chance(0.2)) {
      take_site(run.left);
      tail_site(reg, run.mix, run.managed, site_id(reg, ++run.site_no), p, csr);
    }
    report_progress();
    return csr;
  }

  static std::string site_id(const region_info& reg, std::uint64_t n) {
    std::string s(reg.code);
    s += '-';
    append_padded(s, n, 6);
    return s;
  }

  // Takes one site of the region's quota.
  void take_site(std::uint64_t& left) {
    --left;
    ++sites_done_;
  }

  void report_progress() {
    if (opt_.progress && sites_done_ >= next_progress_) {
      opt_.progress(sites_done_, opt_.sites);
      next_progress_ = sites_done_ + 16384;
    }
  }

  // A gNB and/or an eNB at a site, attached to `uplink`.
  void radios(const region_info& reg, const region_mix& mix, const std::string& managed, const std::string& site,
              const site_place& p, const std::string& uplink) {
    const double x = rng_.uniform();
    // Rural sites are more often 4G only.
    const bool both = x < (p.urban ? 0.65 : 0.55);
    const bool g4_only = !both && x < (p.urban ? 0.80 : 0.85);
    const auto drawn = rng_.chance(0.85) ? mix.ran_primary : mix.ran_secondary;
    const auto vendor = opt_.ran_shares.empty() ? drawn : shared_vendor(mix, drawn);
    const radio_site at{reg, mix, managed, site, p, uplink};
    if (both || !g4_only) {
      radio(at, true, vendor);
    }
    if (both || g4_only) {
      // A few legacy eNBs of the other RAN vendor beside the gNB (not with
      // vendor shares: a site's radios are then all of its vendor).
      const bool legacy = both && rng_.chance(0.08) && opt_.ran_shares.empty();
      radio(at, false, legacy ? mix.ran_secondary : vendor);
    }
  }

  // The site's RAN vendor under --vendor-share (generator.h, vendor_share).
  std::string_view shared_vendor(const region_mix& mix, std::string_view drawn) {
    const auto& shares = opt_.ran_shares;
    double x = share_rng_.uniform();
    for (const auto& s : shares) {
      if (x < s.share) {
        return ran_vendor_named(s.vendor);
      }
      x -= s.share;
    }
    const auto named = [&shares](std::string_view v) {
      return std::any_of(shares.begin(), shares.end(), [v](const vendor_share& s) { return s.vendor == v; });
    };
    for (const auto v : {drawn, mix.ran_primary, mix.ran_secondary}) {
      if (!named(v)) {
        return v;
      }
    }
    for (const auto& c : kRan) {
      if (!named(c.vendor)) {
        return c.vendor;
      }
    }
    return drawn;  // every RAN vendor has a share: the rest stays as drawn
  }

  struct radio_site {
    const region_info& reg;
    const region_mix& mix;
    const std::string& managed;
    const std::string& site;
    const site_place& p;
    const std::string& uplink;
  };

  void radio(const radio_site& at, bool is_gnb, std::string_view v) {
    const bool urban = at.p.urban;
    const auto& rp = product_for(kRanProducts, v);
    const std::string id = at.site + (is_gnb ? "-GNB" : "-ENB");
    element_row e = equipment(id, is_gnb ? "gnb" : "enb", v, rp, placement{at.site, at.reg.name, at.p.lat, at.p.lon});
    const double median = is_gnb ? (urban ? 1400.0 : 450.0) : (urban ? 1000.0 : 380.0);
    e.subscribers = static_cast<std::uint32_t>(std::clamp(std::round(rng_.lognormal(median, 0.85)), 1.0, 200000.0));
    e.installed = is_gnb ? install_date(2019, 2025) : install_date(2010, 2021);
    set_radio_status(e, is_gnb);
    if (at.mix.ran_managed && v == at.mix.ran_primary) {
      e.managed_by = at.managed;
    }
    element(e);
    link(id, at.uplink, "fiber", is_gnb ? 25 : 10);
  }

  // A few radios are planned (no date, no subscribers yet) or offline.
  void set_radio_status(element_row& e, bool is_gnb) {
    const double s = rng_.uniform();
    if (s < (is_gnb ? 0.025 : 0.004)) {
      e.status = "planned";
      e.installed = kNoDate;
      e.subscribers = 0;
    } else if (s < (is_gnb ? 0.030 : 0.008)) {
      e.status = "offline";
    }
  }

  void olt(const region_info& reg, const region_mix& mix, const std::string& site, const site_place& p,
           const std::string& uplink) {
    const auto& op = product_for(kOltProducts, mix.olt);
    const std::string id = site + "-OLT";
    element_row e = equipment(id, "olt", mix.olt, op, placement{site, reg.name, p.lat, p.lon});
    e.subscribers = static_cast<std::uint32_t>(std::clamp(std::round(rng_.lognormal(1800.0, 0.7)), 1.0, 200000.0));
    e.installed = install_date(2012, 2024);
    element(e);
    link(id, uplink, "fiber", 10);
  }

  // A microwave tail: a hop from the hub site's router to a site with no
  // other path (single-homed).
  void tail_site(const region_info& reg, const region_mix& mix, const std::string& managed, const std::string& site,
                 const site_place& hub, const std::string& hub_csr) {
    ++stats_.tail_sites;
    site_place p{};
    p.urban = false;
    p.lat = std::clamp(hub.lat + 0.04 * rng_.normal(), reg.lat_min, reg.lat_max);
    p.lon = std::clamp(hub.lon + 0.05 * rng_.normal(), reg.lon_min, reg.lon_max);
    const auto mw_vendor = rng_.chance(0.9) ? mix.microwave : pick(rng_, kMicrowave);
    const auto& mp = product_for(kMicrowaveProducts, mw_vendor);
    const std::string near = site + "-MWA";  // at the hub site
    const std::string far = site + "-MWB";   // at the tail site
    const std::string hub_site(hub_csr.substr(0, hub_csr.size() - 4));
    const std::array<placement, 2> ends = {placement{hub_site, reg.name, hub.lat, hub.lon},
                                           placement{site, reg.name, p.lat, p.lon}};
    for (int k = 0; k < 2; ++k) {
      element_row e = equipment(k == 0 ? near : far, "microwave", mw_vendor, mp, ends[static_cast<std::size_t>(k)]);
      e.installed = install_date(2008, 2023);
      element(e);
    }
    link(near, hub_csr, "fiber", 10);
    static constexpr std::array<double, 4> kMwGbps = {0.5, 1, 2, 2.5};
    link(near, far, "microwave", kMwGbps[rng_.below(4)]);
    radios(reg, mix, managed, site, p, far);
  }

  const options& opt_;
  rng rng_;
  rng export_rng_;  // export_attributes only: the other columns' stream is untouched
  rng share_rng_;   // ran_shares only: which sites a shared vendor gets
  std::uint64_t asset_tag_ = 100000;
  sink& elements_;
  sink& links_;
  stats stats_;
  std::uint64_t sites_done_ = 0;
  std::uint64_t next_progress_ = 16384;
};

status check_shares(const std::vector<vendor_share>& shares) {
  double total = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const auto& s = shares[i];
    const auto vs = ran_vendors();
    if (std::find(vs.begin(), vs.end(), s.vendor) == vs.end()) {
      return make_error(error_code::invalid_input,
                        "--vendor-share names " + s.vendor + ", not a RAN vendor the " +
                            "generator draws (Ericsson, Nokia, Huawei, Samsung, ZTE)",
                        location{"", 0, 0, "--vendor-share"});
    }
    if (!(s.share >= 0 && s.share <= 1)) {
      return make_error(error_code::invalid_input, "--vendor-share for " + s.vendor + " must be from 0 to 1",
                        location{"", 0, 0, "--vendor-share"});
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (shares[j].vendor == s.vendor) {
        return make_error(error_code::invalid_input, "--vendor-share names " + s.vendor + " twice",
                          location{"", 0, 0, "--vendor-share"});
      }
    }
    total += s.share;
  }
  if (total > 1 + 1e-9) {
    return make_error(error_code::invalid_input, "the --vendor-share values add up to more than 1",
                      location{"", 0, 0, "--vendor-share"});
  }
  return {};
}

status check_options(const options& opt) {
  if (opt.sites < 1 || opt.sites > kMaxSites) {
    return make_error(error_code::invalid_input,
                      "--sites must be from 1 to " + std::to_string(kMaxSites) + ", not " + std::to_string(opt.sites),
                      location{"", 0, 0, "--sites"});
  }
  return check_shares(opt.ran_shares);
}

}  // namespace

std::uint32_t data_centres_for(std::uint64_t sites) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(8, 2 + sites / 250000));
}

std::span<const std::string_view> unknown_vendor_spellings() { return kUnknownSpellings; }

std::span<const std::string_view> ran_vendors() { return kRanVendors; }

result<vendor_share> parse_vendor_share(std::string_view text) {
  const auto bad = [text](const std::string& why) {
    return make_error(error_code::invalid_input, "--vendor-share " + std::string(text) + ": " + why,
                      location{"", 0, 0, "--vendor-share"});
  };
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return bad("expected VENDOR=SHARE, e.g. Huawei=0.3 or Huawei=30%");
  }
  std::string_view number = text.substr(eq + 1);
  const bool percent = !number.empty() && number.back() == '%';
  if (percent) {
    number.remove_suffix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc{} || end != number.data() + number.size()) {
    return bad("the share is not a number");
  }
  vendor_share out{std::string(text.substr(0, eq)), percent ? value / 100.0 : value};
  NETVET_TRY(check_shares({out}));
  return out;
}

result<stats> write_network(const std::string& dir, const options& opt) {
  NETVET_TRY(check_options(opt));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (::mkdir(dir.c_str(), 0755) != 0) {
      return make_error(error_code::io_error, std::string("cannot create folder: ") + std::strerror(errno),
                        location{dir});
    }
  } else if (!S_ISDIR(st.st_mode)) {
    return make_error(error_code::invalid_input, "exists and is not a folder", location{dir});
  }
  const std::string elements_path = dir + "/elements.csv";
  const std::string links_path = dir + "/links.csv";
  sink elements;
  sink links;
  NETVET_TRY(elements.open(elements_path + ".tmp-netvet"));
  NETVET_TRY(links.open(links_path + ".tmp-netvet"));
  generator g(opt, elements, links);
  const stats s = g.run();
  status closed_e = elements.close();
  status closed_l = links.close();
  if (!closed_e || !closed_l) {
    std::remove((elements_path + ".tmp-netvet").c_str());
    std::remove((links_path + ".tmp-netvet").c_str());
    return !closed_e ? closed_e.take_error() : closed_l.take_error();
  }
  for (const auto* p : {&elements_path, &links_path}) {
    if (std::rename((*p + ".tmp-netvet").c_str(), p->c_str()) != 0) {
      return make_error(error_code::io_error, std::string("cannot rename: ") + std::strerror(errno), location{*p});
    }
  }
  return s;
}

result<texts> generate_texts(const options& opt) {
  NETVET_TRY(check_options(opt));
  sink elements;
  sink links;
  generator g(opt, elements, links);
  texts t;
  t.counts = g.run();
  t.elements_csv = elements.take();
  t.links_csv = links.take();
  t.counts.bytes = t.elements_csv.size() + t.links_csv.size();
  return t;
}

}  // namespace netvet::generate
