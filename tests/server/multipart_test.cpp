// multipart/form-data splitting: what curl -F sends, and the framing errors
// a hostile client can make, each a clear invalid_input naming where.
#include "netvet/server/multipart.h"

#include <gtest/gtest.h>

namespace netvet::server {
namespace {

std::string part(const std::string& boundary, const std::string& name, const std::string& data,
                 const std::string& filename = "") {
  std::string out = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
  if (!filename.empty()) {
    out += "; filename=\"" + filename + "\"";
  }
  return out + "\r\nContent-Type: text/csv\r\n\r\n" + data + "\r\n";
}

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(*multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(*multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
  const auto none = multipart_boundary("multipart/form-data");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.err().where.field, "Content-Type");
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
  EXPECT_EQ(multipart_boundary("text/csv").err().code, error_code::unsupported);
}

TEST(Multipart, SplitsPartsWithoutCopying) {
  const std::string b = "------------------------d74496d66958873e";
  const std::string body = part(b, "elements", "id,function\r\ng1,gnb\r\n", "elements.csv") +
                           part(b, "links", "a,b\n") + "--" + b + "--\r\n";
  const auto parts = parse_multipart(body, b);
  ASSERT_TRUE(parts) << parts.err().message;
  ASSERT_EQ(parts->size(), 2U);
  EXPECT_EQ((*parts)[0].name, "elements");
  EXPECT_EQ((*parts)[0].filename, "elements.csv");
  EXPECT_EQ((*parts)[0].content_type, "text/csv");
  EXPECT_EQ((*parts)[0].data, "id,function\r\ng1,gnb\r\n");  // a CRLF inside the data stays
  EXPECT_EQ((*parts)[1].data, "a,b\n");
  EXPECT_GE((*parts)[0].data.data(), body.data());  // a view into the body
  EXPECT_LT((*parts)[0].data.data(), body.data() + body.size());
}

TEST(Multipart, PreambleEmptyPartAndPadding) {
  const std::string b = "XyZ";
  const std::string body =
      "preamble to ignore\r\n--XyZ  \r\nContent-Disposition: form-data; name=links\r\n\r\n"
      "\r\n--XyZ--";
  const auto parts = parse_multipart(body, b);
  ASSERT_TRUE(parts) << parts.err().message;
  ASSERT_EQ(parts->size(), 1U);
  EXPECT_EQ((*parts)[0].name, "links");
  EXPECT_TRUE((*parts)[0].data.empty());
}

TEST(Multipart, BoundaryLookalikeInsideDataIsData) {
  const std::string b = "bnd";
  const std::string data = "x--bnd y\r\n-bnd\r\n--bn";
  const std::string body = part(b, "elements", data) + "--bnd--";
  const auto parts = parse_multipart(body, b);
  ASSERT_TRUE(parts) << parts.err().message;
  EXPECT_EQ((*parts)[0].data, data);
}

TEST(Multipart, FramingErrorsNameTheBodyAndTheOffset) {
  const std::string b = "bnd";
  struct bad {
    std::string body;
    std::string says;
  };
  const std::vector<bad> cases = {
      {"no boundary here", "no opening boundary"},
      {part(b, "elements", "x"), "ends before the closing boundary"},
      {"--bnd\r\nContent-Disposition: form-data; name=a\r\n", "header block"},
      {"--bnd\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--bnd--", "not form-data"},
      {"--bnd\r\nContent-Type: text/csv\r\n\r\nx\r\n--bnd--", "no Content-Disposition name"},
      {"--bnd\r\nbroken header\r\n\r\nx\r\n--bnd--", "has no ':'"},
      {"--bndjunk\r\n", "not followed by CRLF"},
      {"--bnd--", "no parts"},
      {"--bnd\r\n" + std::string(kMaxPartHeaderBytes + 10, 'h'), "header block"},
  };
  for (const auto& c : cases) {
    const auto r = parse_multipart(c.body, b);
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.err().code, error_code::invalid_input);
    EXPECT_EQ(r.err().where.field, "body");
    EXPECT_NE(r.err().message.find(c.says), std::string::npos) << r.err().message;
    EXPECT_NE(r.err().message.find("at byte"), std::string::npos);
  }
}

TEST(Multipart, TooManyPartsIsRefused) {
  std::string body;
  for (std::size_t i = 0; i <= kMaxParts; ++i) {
    body += part("b", "p" + std::to_string(i), "x");
  }
  body += "--b--";
  const auto r = parse_multipart(body, "b");
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().message.find("more than"), std::string::npos);
}

}  // namespace
}  // namespace netvet::server
