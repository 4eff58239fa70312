// Folding a vendor spelling for matching (vendor.h `fold_spelling`): a
// documented subset of Unicode NFKC and of the TS #39 confusables, enough for
// the ways a Latin vendor name is disguised. netvet takes no Unicode library
// for it: ICU would add a large dependency for the few hundred code points
// that matter here, and its skeleton folds more (rn/m, l/1) than names a
// catalogue can tell apart.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "netvet/model/vendor.h"

namespace netvet::model {
namespace {

struct decoded {
  char32_t cp = 0;
  std::size_t len = 1;  // bytes consumed; cp invalid when `ok` is false
  bool ok = false;
};

// One UTF-8 sequence at s[i]; overlong forms, surrogates and truncation are
// invalid (the byte is then kept as it is).
decoded decode(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  char32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0FU;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07U;
  } else {
    return {};
  }
  if (i + len > s.size()) {
    return {};
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0U) != 0x80U) {
      return {};
    }
    cp = (cp << 6U) | (b & 0x3FU);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return {};
  }
  return {cp, len, true};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which
// holds the format characters (Cf) that render as nothing, plus the
// interlinear annotation controls: removed.
bool invisible(char32_t c) {
  return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 ||
         (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
         (c >= 0xFFF0 && c <= 0xFFFB) || (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
         (c >= 0xE0000 && c <= 0xE0FFF);
}

// Full-width forms: ASCII U+FF01..U+FF5E, the signs U+FFE0..U+FFE6, the
// ideographic space (NFKC).
std::optional<char32_t> full_width(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) {
    return c - 0xFEE0;
  }
  if (c == 0x3000) {
    return U' ';
  }
  static constexpr std::array<char32_t, 7> kSigns = {0xA2, 0xA3, 0xAC, 0xAF, 0xA6, 0xA5, 0x20A9};
  if (c >= 0xFFE0 && c <= 0xFFE6) {
    return kSigns[c - 0xFFE0];
  }
  return std::nullopt;
}

struct mapping {
  char32_t from;
  std::string_view to;
};

// Single compatibility code points (NFKC), sorted by code point.
constexpr std::array<mapping, 111> kCompat = {{
    {0x00A0, " "},  {0x00AA, "a"},  {0x00B2, "2"},   {0x00B3, "3"},   {0x00B9, "1"},  {0x00BA, "o"},  {0x017F, "s"},
    {0x02B0, "h"},  {0x02B2, "j"},  {0x02B3, "r"},   {0x02B7, "w"},   {0x02B8, "y"},  {0x02E1, "l"},  {0x02E2, "s"},
    {0x02E3, "x"},  {0x1680, " "},  {0x1D2C, "A"},   {0x1D2E, "B"},   {0x1D30, "D"},  {0x1D31, "E"},  {0x1D33, "G"},
    {0x1D34, "H"},  {0x1D35, "I"},  {0x1D36, "J"},   {0x1D37, "K"},   {0x1D38, "L"},  {0x1D39, "M"},  {0x1D3A, "N"},
    {0x1D3C, "O"},  {0x1D3E, "P"},  {0x1D3F, "R"},   {0x1D40, "T"},   {0x1D41, "U"},  {0x1D42, "W"},  {0x1D43, "a"},
    {0x1D47, "b"},  {0x1D48, "d"},  {0x1D49, "e"},   {0x1D4D, "g"},   {0x1D4F, "k"},  {0x1D50, "m"},  {0x1D52, "o"},
    {0x1D56, "p"},  {0x1D57, "t"},  {0x1D58, "u"},   {0x1D5B, "v"},   {0x1D62, "i"},  {0x1D63, "r"},  {0x1D64, "u"},
    {0x1D65, "v"},  {0x1D9C, "c"},  {0x1DA0, "f"},   {0x1DBB, "z"},   {0x202F, " "},  {0x205F, " "},  {0x2070, "0"},
    {0x2071, "i"},  {0x207F, "n"},  {0x2090, "a"},   {0x2091, "e"},   {0x2092, "o"},  {0x2093, "x"},  {0x2095, "h"},
    {0x2096, "k"},  {0x2097, "l"},  {0x2098, "m"},   {0x2099, "n"},   {0x209A, "p"},  {0x209B, "s"},  {0x209C, "t"},
    {0x2102, "C"},  {0x210A, "g"},  {0x210B, "H"},   {0x210C, "H"},   {0x210D, "H"},  {0x210E, "h"},  {0x2110, "I"},
    {0x2111, "I"},  {0x2112, "L"},  {0x2113, "l"},   {0x2115, "N"},   {0x2119, "P"},  {0x211A, "Q"},  {0x211B, "R"},
    {0x211C, "R"},  {0x211D, "R"},  {0x2124, "Z"},   {0x2128, "Z"},   {0x212A, "K"},  {0x212C, "B"},  {0x212D, "C"},
    {0x212F, "e"},  {0x2130, "E"},  {0x2131, "F"},   {0x2133, "M"},   {0x2134, "o"},  {0x2139, "i"},  {0x2145, "D"},
    {0x2146, "d"},  {0x2147, "e"},  {0x2148, "i"},   {0x2149, "j"},   {0x2C7C, "j"},  {0x2C7D, "V"},  {0xFB00, "ff"},
    {0xFB01, "fi"}, {0xFB02, "fl"}, {0xFB03, "ffi"}, {0xFB04, "ffl"}, {0xFB05, "st"}, {0xFB06, "st"},
}};

constexpr std::array<std::string_view, 16> kRoman = {"I",  "II", "III", "IV",  "V", "VI", "VII", "VIII",
                                                     "IX", "X",  "XI",  "XII", "L", "C",  "D",   "M"};

std::string letter(char32_t i) {  // 0..51: A..Z a..z
  return std::string(1, static_cast<char>(i < 26 ? 'A' + i : 'a' + (i - 26)));
}

// Compatibility forms in the Basic Multilingual Plane, by block: spaces,
// super- and subscript digits, Roman numerals, enclosed alphanumerics.
std::optional<std::string> compatibility_bmp(char32_t c) {
  if (c >= 0x2000 && c <= 0x200A) {
    return " ";  // en quad .. hair space
  }
  if (c >= 0x2074 && c <= 0x2079) {
    return std::string(1, static_cast<char>('4' + (c - 0x2074)));
  }
  if (c >= 0x2080 && c <= 0x2089) {
    return std::string(1, static_cast<char>('0' + (c - 0x2080)));
  }
  if (c >= 0x2160 && c <= 0x217F) {  // Roman numerals, upper then lower case
    std::string r(kRoman[(c - 0x2160) % 16]);
    if (c >= 0x2170) {
      std::transform(r.begin(), r.end(), r.begin(), [](char ch) { return static_cast<char>(ch - 'A' + 'a'); });
    }
    return r;
  }
  if (c >= 0x2460 && c <= 0x2468) {  // circled digits 1..9
    return std::string(1, static_cast<char>('1' + (c - 0x2460)));
  }
  if (c >= 0x2474 && c <= 0x247C) {  // parenthesised digits 1..9
    return "(" + std::string(1, static_cast<char>('1' + (c - 0x2474))) + ")";
  }
  if (c >= 0x249C && c <= 0x24B5) {  // parenthesised small letters
    return "(" + letter(26 + (c - 0x249C)) + ")";
  }
  if (c >= 0x24B6 && c <= 0x24E9) {  // circled capital then small letters
    return letter(c - 0x24B6);
  }
  return std::nullopt;
}

// Compatibility forms outside the BMP: mathematical alphanumerics, enclosed
// capitals.
std::optional<std::string> compatibility_astral(char32_t c) {
  if (c >= 0x1D400 && c <= 0x1D6A3) {  // mathematical letters: 13 alphabets of 52
    return letter((c - 0x1D400) % 52);
  }
  if (c == 0x1D6A4 || c == 0x1D6A5) {  // mathematical dotless i, j
    return c == 0x1D6A4 ? "i" : "j";
  }
  if (c >= 0x1D7CE && c <= 0x1D7FF) {  // mathematical digits: 5 styles of 10
    return std::string(1, static_cast<char>('0' + (c - 0x1D7CE) % 10));
  }
  if (c >= 0x1F110 && c <= 0x1F129) {  // parenthesised capital letters
    return "(" + letter(c - 0x1F110) + ")";
  }
  if (c >= 0x1F130 && c <= 0x1F149) {  // squared capital letters
    return letter(c - 0x1F130);
  }
  return std::nullopt;
}

// Compatibility forms by block, then the single code points above.
std::optional<std::string> compatibility(char32_t c) {
  if (auto s = c < 0x10000 ? compatibility_bmp(c) : compatibility_astral(c)) {
    return s;
  }
  const auto* it =
      std::lower_bound(kCompat.begin(), kCompat.end(), c, [](const mapping& m, char32_t v) { return m.from < v; });
  if (it != kCompat.end() && it->from == c) {
    return std::string(it->to);
  }
  return std::nullopt;
}

// Cyrillic, Greek and other letters that look like Latin ones (the Latin
// targets of Unicode's confusables.txt), sorted by code point.
constexpr std::array<std::pair<char32_t, char>, 66> kLookalikes = {{
    {0x0131, 'i'}, {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'}, {0x0399, 'I'},
    {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'}, {0x03A5, 'Y'},
    {0x03A7, 'X'}, {0x03B1, 'a'}, {0x03B3, 'y'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BD, 'v'}, {0x03BF, 'o'},
    {0x03C1, 'p'}, {0x03C5, 'u'}, {0x03C7, 'x'}, {0x03F2, 'c'}, {0x03F3, 'j'}, {0x0405, 'S'}, {0x0406, 'I'},
    {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'},
    {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'a'},
    {0x0435, 'e'}, {0x043A, 'k'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'},
    {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x04AE, 'Y'}, {0x04AF, 'y'}, {0x04BB, 'h'}, {0x04C0, 'I'},
    {0x04CF, 'l'}, {0x0500, 'd'}, {0x0501, 'd'}, {0x051A, 'Q'}, {0x051B, 'q'}, {0x051C, 'W'}, {0x051D, 'w'},
    {0x0555, 'O'}, {0x057D, 'u'}, {0x0585, 'o'},
}};

std::optional<char> lookalike(char32_t c) {
  const auto* it = std::lower_bound(kLookalikes.begin(), kLookalikes.end(), c,
                                    [](const std::pair<char32_t, char>& m, char32_t v) { return m.first < v; });
  if (it != kLookalikes.end() && it->first == c) {
    return it->second;
  }
  return std::nullopt;
}

}  // namespace

std::string vendor_folding::describe() const {
  std::string out;
  const auto add = [&out](bool on, std::string_view what) {
    if (on) {
      out += (out.empty() ? "" : ", ") + std::string(what);
    }
  };
  add(invisible, "invisible characters (zero-width, soft hyphen, direction controls)");
  add(full_width, "full-width forms");
  add(compatibility, "compatibility forms (ligatures, styled or circled letters, Unicode spaces)");
  add(lookalike, "Cyrillic or Greek letters that look Latin (mixed script)");
  return out;
}

folded_spelling fold_spelling(std::string_view s, bool lookalikes) {
  folded_spelling out;
  out.text.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out.text.push_back(s[i++]);
      continue;
    }
    const decoded d = decode(s, i);
    if (!d.ok) {
      out.text.push_back(s[i++]);
      continue;
    }
    i += d.len;
    if (invisible(d.cp)) {
      out.why.invisible = true;
    } else if (const auto fw = full_width(d.cp)) {
      out.why.full_width = true;
      append_utf8(out.text, *fw);
    } else if (auto cf = compatibility(d.cp)) {
      out.why.compatibility = true;
      out.text += *cf;
    } else if (const auto la = lookalikes ? lookalike(d.cp) : std::nullopt) {
      out.why.lookalike = true;
      out.text.push_back(*la);
    } else {
      append_utf8(out.text, d.cp);
    }
  }
  return out;
}

}  // namespace netvet::model
