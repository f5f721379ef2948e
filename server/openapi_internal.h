/* Shared by the files that build the OpenAPI document (server/openapi*.c);
 * not part of the server's interface. */
#ifndef PYSTD_OPENAPI_INTERNAL_H
#define PYSTD_OPENAPI_INTERNAL_H

#include "py/py_value.h"
#include "registry.h"

/* A str value; JSON text of a declaration parsed (on a syntax error the text
 * itself, as a str: never silently dropped, the document's tests show it). */
pv *oa_str(arena *a, const char *s);
pv *oa_json(arena *a, const char *text);
pv *oa_obj(arena *a);
void oa_put(arena *a, pv *d, const char *k, pv *v);
/* {"$ref": "#/components/<kind>/<name>"} */
pv *oa_ref(arena *a, const char *kind, const char *name);

/* server/openapi_examples.c */

/* The example response body ({"result": ...}) of an operation, or NULL:
 * `examples` in the declared result schema, else the op's request example
 * run through the registry when that is safe and gives the same text twice,
 * else the generator's declared table (ops whose results vary). */
pv *oa_result_example(arena *a, const route *r, const pv *result_schema);
/* A declared example body for a resource endpoint's response (the jobs),
 * or NULL; method is lower case ("get"), path as in the document. */
pv *oa_resource_example(arena *a, const char *method, const char *path, const char *status);

#endif
