/* Shared by the files that build the OpenAPI document (server/openapi*.c);
 * not part of the server's interface (that is openapi.h).
 *
 *   openapi.c           the document: info, tags, service endpoints, the
 *                       modules' named schemas, assembly, rendering, /v1 index
 *   openapi_ops.c       one op of the registry -> its path item
 *   openapi_errors.c    the error object and the reusable error responses
 *   openapi_examples.c  example responses (ops run at build time, or declared)
 *   openapi_pass.c      the pass over the whole document once it is built
 *   auth_openapi.c      the bearer scheme and the scope of each operation */
#ifndef PYSTD_OPENAPI_INT_H
#define PYSTD_OPENAPI_INT_H

#include <stdbool.h>

#include "py/py_value.h"
#include "registry.h"

/* server/openapi.c: building blocks.  A str value; JSON text of a
 * declaration parsed (on a syntax error the text itself, as a str: never
 * silently dropped, the document's tests show it). */
pv *oa_str(arena *a, const char *s);
pv *oa_json(arena *a, const char *text);
pv *oa_obj(arena *a);
void oa_put(arena *a, pv *d, const char *k, pv *v);
/* {"$ref": "#/components/<kind>/<name>"} */
pv *oa_ref(arena *a, const char *kind, const char *name);
/* [s] */
pv *oa_strlist(arena *a, const char *s);

/* server/openapi_ops.c */

/* The path item of one op (POST, and GET for OP_GET ops); `schemas` are the
 * named schemas so far (a module's <Module>Error shapes its 422). */
pv *oa_operation(arena *a, const route *r, const pv *schemas);
/* A module's tag: "urllib/parse" -> "urllib.parse" */
char *oa_tag(arena *a, const char *mod);

/* server/openapi_errors.c */

/* components/schemas/Error */
pv *oa_error_schema(arena *a);
/* components/responses: the reusable error responses that `paths` refer to. */
pv *oa_error_responses(arena *a, const pv *paths);

/* server/openapi_examples.c */

/* The example response body ({"result": ...}) of an operation, or NULL:
 * `examples` in the declared result schema, else the op's request example
 * run through the registry when that is safe and gives the same text twice,
 * else the generator's declared table (ops whose results vary). */
pv *oa_result_example(arena *a, const route *r, const pv *result_schema);
/* A declared example body for a resource endpoint's response (the jobs),
 * or NULL; method is lower case ("get"), path as in the document. */
pv *oa_resource_example(arena *a, const char *method, const char *path, const char *status);

/* server/openapi_pass.c, in the order the document is finished */

/* Tags that paths use but no module declares (service, jobs), described. */
void oa_add_used_tags(arena *a, pv *tags, const pv *paths);
/* What resource endpoints may leave out: a default error response, the
 * examples of their JSON responses (oa_resource_example). */
void oa_complete_resources(arena *a, pv *paths);
/* A schema with a "title" moves to `schemas` under it, a $ref in its place. */
void oa_hoist_titled(arena *a, pv *v, pv *schemas);
/* {"type": "object"} alone gets "additionalProperties": true. */
void oa_open_objects(arena *a, pv *v);
/* Is "$ref": target anywhere under v? */
bool oa_referred(const pv *v, const char *target);

/* server/auth_openapi.c: the bearer scheme into components, each
 * operation's scope (security, 401, 403) into paths. */
void auth_openapi(arena *a, pv *paths, pv *components);

#endif
