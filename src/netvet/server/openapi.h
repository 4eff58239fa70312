// netvet/server/openapi.h: the OpenAPI 3.1 document of the REST API.
//
// The document is src/netvet/server/openapi.json, written by hand beside the
// route table (api.cpp, kRoutes) and compiled into the binary
// (cmake/embed.cmake). `GET /api/v1/openapi.json` serves it.
// tests/server/openapi_check.sh validates it against the OpenAPI 3.1 schema
// and every answer the API tests receive against it (docs/server.md).
#pragma once

#include <string_view>

namespace netvet::server {

// The document's bytes, exactly as in the source tree.
std::string_view openapi_document();

}  // namespace netvet::server
