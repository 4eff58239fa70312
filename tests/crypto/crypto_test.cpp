// tests/crypto: SHA-256 and Ed25519 against their published test vectors, and
// the hash chain and checkpoints of the tamper-evident record.
#include <gtest/gtest.h>

#include "netvet/crypto/canonical_json.h"
#include "netvet/crypto/digest.h"
#include "netvet/crypto/hash_chain.h"
#include "netvet/crypto/password.h"
#include "netvet/crypto/signing.h"

namespace netvet::crypto {
namespace {

TEST(Digest, Sha256MatchesFips180Vectors) {
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Digest, HexRoundTripsAndRefusesWhatIsNotHex) {
  const auto d = sha256("x");
  const auto back = from_hex<32>(to_hex(d));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, d);
  EXPECT_FALSE(from_hex<32>("00"));
  EXPECT_FALSE(from_hex<32>(std::string(64, 'g')));
  EXPECT_TRUE(constant_time_equal(d, *back));
  auto other = d;
  other[31] ^= 1U;
  EXPECT_FALSE(constant_time_equal(d, other));
}

// RFC 8032 section 7.1, test 1 (empty message) and test 2 (one byte 0x72).
TEST(Signing, Ed25519MatchesRfc8032Vectors) {
  const auto seed = from_hex<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  ASSERT_TRUE(seed);
  auto key = signing_key::from_seed(*seed);
  ASSERT_TRUE(key) << key.err().to_string();
  EXPECT_EQ(to_hex(key->public_bytes()), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(to_hex(key->sign("")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f05"
            "95bbe24655141438e7a100b");
  const auto seed2 = from_hex<32>("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  auto key2 = signing_key::from_seed(*seed2);
  ASSERT_TRUE(key2);
  const auto sig = key2->sign("\x72");
  EXPECT_EQ(to_hex(sig),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2ea"
            "eb4302aeeb00d291612bb0c00");
  EXPECT_TRUE(verify(key2->public_bytes(), "\x72", sig));
  EXPECT_FALSE(verify(key2->public_bytes(), "\x73", sig));
  EXPECT_FALSE(verify(key->public_bytes(), "\x72", sig));
}

TEST(Signing, KeysRoundTripThroughPemAndBadPemIsAnError) {
  auto key = signing_key::generate();
  ASSERT_TRUE(key);
  const std::string pem = key->private_pem();
  EXPECT_NE(pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  auto back = signing_key::from_pem(pem, "key.pem");
  ASSERT_TRUE(back) << back.err().to_string();
  EXPECT_EQ(back->public_bytes(), key->public_bytes());
  EXPECT_TRUE(verify(key->public_bytes(), "m", back->sign("m")));
  auto bad = signing_key::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "key.pem");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().code, error_code::invalid_input);
  EXPECT_NE(bad.err().to_string().find("key.pem"), std::string::npos);
  // Two new keys differ.
  auto other = signing_key::generate();
  ASSERT_TRUE(other);
  EXPECT_NE(other->public_bytes(), key->public_bytes());
}

std::vector<chain_entry> chain_of(const std::vector<std::string>& bodies) {
  std::vector<chain_entry> out;
  digest previous = kChainStart;
  for (const auto& b : bodies) {
    previous = chain_hash(previous, b);
    out.push_back({b, previous});
  }
  return out;
}

TEST(HashChain, AnyChangeBreaksTheChainAtThatEntry) {
  const auto chain = chain_of({R"({"event":"submitted"})", R"({"event":"assessed"})", R"({"event":"decided"})"});
  EXPECT_EQ(first_broken(chain), std::nullopt);
  auto edited = chain;
  edited[1].body = R"({"event":"withdrawn"})";
  EXPECT_EQ(first_broken(edited), 1U);
  auto removed = chain;
  removed.erase(removed.begin() + 1);
  EXPECT_EQ(first_broken(removed), 1U);
  auto swapped = chain;
  std::swap(swapped[0], swapped[1]);
  EXPECT_EQ(first_broken(swapped), 0U);
  // Re-hashing the rest after an edit keeps the chain whole, but changes its
  // last hash: the signed checkpoint catches that.
  auto rewritten = chain_of({R"({"event":"submitted"})", R"({"event":"withdrawn"})", R"({"event":"decided"})"});
  EXPECT_EQ(first_broken(rewritten), std::nullopt);
  EXPECT_NE(rewritten.back().hash, chain.back().hash);
  // The length prefix: "ab" + "c" and "a" + "bc" chain differently.
  EXPECT_NE(chain_of({"ab", "c"}).back().hash, chain_of({"a", "bc"}).back().hash);
}

TEST(HashChain, SignedCheckpointsExposeRewrittenHistory) {
  auto key = signing_key::generate();
  ASSERT_TRUE(key);
  const auto chain = chain_of({"a", "b", "c"});
  const checkpoint c{chain.size(), chain.back().hash};
  EXPECT_EQ(c.text(), "netvet-log-v1\n3\n" + to_hex(chain.back().hash) + "\n");
  const auto sig = sign_checkpoint(*key, c);
  EXPECT_TRUE(verify_checkpoint(key->public_bytes(), c, sig));
  const auto rewritten = chain_of({"a", "x", "c"});
  EXPECT_FALSE(verify_checkpoint(key->public_bytes(), checkpoint{3, rewritten.back().hash}, sig));
  EXPECT_FALSE(verify_checkpoint(key->public_bytes(), checkpoint{2, chain.back().hash}, sig));  // truncated count
}

// A cheap cost keeps the test fast; the default is checked once.
constexpr password_cost kTestCost{1024, 1, 1};

TEST(Password, Argon2idHashesVerifyOnlyTheirPassword) {
  auto h = hash_password("correct horse battery staple", kTestCost);
  ASSERT_TRUE(h) << h.err().to_string();
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=1024,t=1,p=1$", 0), 0U) << *h;
  EXPECT_TRUE(verify_password(*h, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*h, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(*h, ""));
  // Salted: the same password hashes differently each time.
  auto again = hash_password("correct horse battery staple", kTestCost);
  ASSERT_TRUE(again);
  EXPECT_NE(*again, *h);
  // What is not an Argon2id hash never verifies, and never crashes.
  for (const std::string bad :
       {"", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$", "$argon2id$v=19$m=x", "plaintext"}) {
    EXPECT_FALSE(verify_password(bad, "plaintext")) << bad;
  }
  auto tampered = *h;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(tampered, "correct horse battery staple"));
}

TEST(Password, EmptyOrHugePasswordsAreRefusedAndTheDefaultCostWorks) {
  auto empty = hash_password("", kTestCost);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.err().code, error_code::invalid_input);
  EXPECT_EQ(empty.err().where.field, "password");
  EXPECT_FALSE(hash_password(std::string(1025, 'x'), kTestCost));
  auto h = hash_password("s3cret!");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0U) << *h;
  EXPECT_TRUE(verify_password(*h, "s3cret!"));
}

// RFC 8785 section 3.2.3's key order (UTF-16 code units: the emoji's
// surrogates sort before U+FB33, unlike UTF-8 bytes) and its escapes.
TEST(CanonicalJson, SortsKeysByUtf16AndEscapesAsRfc8785) {
  const auto doc = nlohmann::json::parse(
      R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",)"
      R"("\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"})");
  auto c = canonical_json(doc);
  ASSERT_TRUE(c) << c.err().to_string();
  const std::vector<std::string> order = {"\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001F600", "\uFB33"};
  std::size_t at = 0;
  for (const auto& k : order) {
    const std::string quoted = "\"" + (k == "\r" ? std::string("\\r") : k) + "\":";
    const auto pos = c->find(quoted);
    ASSERT_NE(pos, std::string::npos) << quoted << " in " << *c;
    EXPECT_GE(pos, at) << quoted;
    at = pos;
  }
  auto e = canonical_json(nlohmann::json::parse(R"({"b":[1,-2,true,null,"a\u0001\"\\\n"],"a":{}})"));
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, R"({"a":{},"b":[1,-2,true,null,"a\u0001\"\\\n"]})");
  // The same value in any key order gives the same bytes.
  EXPECT_EQ(*canonical_json(nlohmann::json::parse(R"({"y":1,"x":{"q":2,"p":3}})")),
            *canonical_json(nlohmann::json::parse(R"({"x":{"p":3,"q":2},"y":1})")));
}

TEST(CanonicalJson, RefusesFloatsBadUtf8AndDeepNesting) {
  auto f = canonical_json(nlohmann::json::parse(R"({"a":[1,2.5]})"));
  ASSERT_FALSE(f);
  EXPECT_EQ(f.err().code, error_code::invalid_input);
  EXPECT_EQ(f.err().where.field, "$.a[1]");
  nlohmann::json bad = nlohmann::json::object();
  bad["k"] = std::string("\xff");
  EXPECT_FALSE(canonical_json(bad));
  nlohmann::json deep = 1;
  for (int i = 0; i < 70; ++i) {
    deep = nlohmann::json::array({deep});
  }
  auto d = canonical_json(deep);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.err().code, error_code::limit_exceeded);
}

}  // namespace
}  // namespace netvet::crypto
