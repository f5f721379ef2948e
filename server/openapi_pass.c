/* The pass over the whole OpenAPI document once every path is in: titled
 * schemas hoisted into components, bare objects opened, what resource
 * endpoints left out completed (a default error response, their declared
 * examples), the tags that paths use but no module declares. */
#include <stdbool.h>
#include <string.h>

#include "openapi_int.h"

#define S oa_str
#define obj oa_obj
#define put oa_put

static bool is_value_key(const char *k)
{
    return !strcmp(k, "example") || !strcmp(k, "examples") || !strcmp(k, "default") || !strcmp(k, "const") ||
           !strcmp(k, "enum");
}

static bool says_object(const pv *t)
{
    if (t->kind == PV_STR)
        return strcmp(t->s.p, "object") == 0;
    for (size_t i = 0; t->kind == PV_LIST && i < t->l.len; i++)
        if (t->l.items[i]->kind == PV_STR && strcmp(t->l.items[i]->s.p, "object") == 0)
            return true;
    return false;
}

static void hoist(arena *a, pv *v, pv *schemas, int depth);

/* A schema with a "title" names a type: it moves to components/schemas
 * under that title and a $ref takes its place (the first one wins; an
 * unequal schema with the same title stays where it is). */
static pv *hoisted(arena *a, pv *v, pv *schemas)
{
    pv *t = v->kind == PV_DICT ? pv_dict_getc(v, "title") : NULL;
    if (!t || t->kind != PV_STR || !t->s.len || strchr(t->s.p, '/'))
        return v;
    pv *have = pv_dict_getc(schemas, t->s.p);
    if (!have) {
        pv_dict_setc(a, schemas, t->s.p, v);
        hoist(a, v, schemas, 1);
    } else if (have != v && !pv_eq(have, v)) {
        return v;
    }
    return oa_ref(a, "schemas", t->s.p);
}

static void hoist(arena *a, pv *v, pv *schemas, int depth)
{
    if (depth > 48)
        return;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++) {
            v->l.items[i] = hoisted(a, v->l.items[i], schemas);
            hoist(a, v->l.items[i], schemas, depth + 1);
        }
    } else if (v->kind == PV_DICT) {
        for (size_t i = 0; i < v->d.len; i++) {
            if (is_value_key(v->d.items[i].key->s.p)) /* values, not schemas */
                continue;
            v->d.items[i].val = hoisted(a, v->d.items[i].val, schemas);
            hoist(a, v->d.items[i].val, schemas, depth + 1);
        }
    }
}

/* {"type": "object"} alone means any object; generators read it as an
 * object with no members (openapi-typescript: Record<string, never>), so
 * it gets an explicit "additionalProperties": true. */
static void open_objects(arena *a, pv *v, int depth)
{
    if (depth > 64)
        return;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++)
            open_objects(a, v->l.items[i], depth + 1);
        return;
    }
    if (v->kind != PV_DICT)
        return;
    const pv *t = pv_dict_getc(v, "type");
    if (t && says_object(t) && !pv_dict_getc(v, "properties") && !pv_dict_getc(v, "additionalProperties") &&
        !pv_dict_getc(v, "patternProperties"))
        put(a, v, "additionalProperties", pv_bool(true));
    for (size_t i = 0; i < v->d.len; i++)
        if (!is_value_key(v->d.items[i].key->s.p))
            open_objects(a, v->d.items[i].val, depth + 1);
}

/* Is "#/components/<what>" referred to anywhere under v? */
static bool referred(const pv *v, const char *target, int depth)
{
    if (depth > 64)
        return false;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++)
            if (referred(v->l.items[i], target, depth + 1))
                return true;
    } else if (v->kind == PV_DICT) {
        for (size_t i = 0; i < v->d.len; i++) {
            const pv *k = v->d.items[i].key, *x = v->d.items[i].val;
            if (strcmp(k->s.p, "$ref") == 0 && x->kind == PV_STR && strcmp(x->s.p, target) == 0)
                return true;
            if (referred(x, target, depth + 1))
                return true;
        }
    }
    return false;
}

static const char *const METHODS[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

/* What resource endpoints may leave out: a default error response, the
 * examples of their JSON responses (from the declared table). */
void oa_complete_resources(arena *a, pv *paths)
{
    for (size_t i = 0; i < paths->d.len; i++) {
        const char *path = paths->d.items[i].key->s.p;
        pv *item = paths->d.items[i].val;
        for (size_t m = 0; item->kind == PV_DICT && m < sizeof METHODS / sizeof METHODS[0]; m++) {
            pv *op = pv_dict_getc(item, METHODS[m]);
            pv *res = op && op->kind == PV_DICT ? pv_dict_getc(op, "responses") : NULL;
            if (!res || res->kind != PV_DICT)
                continue;
            if (!pv_dict_getc(res, "default"))
                put(a, res, "default", oa_ref(a, "responses", "OtherError"));
            for (size_t s = 0; s < res->d.len; s++) {
                pv *resp = res->d.items[s].val;
                pv *c = resp->kind == PV_DICT ? pv_dict_getc(resp, "content") : NULL;
                pv *mt =
                    c && c->kind == PV_DICT && c->d.len ? c->d.items[0].val : NULL; /* the first media type */
                if (!mt || mt->kind != PV_DICT || pv_dict_getc(mt, "example") || pv_dict_getc(mt, "examples"))
                    continue;
                pv *ex = oa_resource_example(a, METHODS[m], path, res->d.items[s].key->s.p);
                if (ex)
                    put(a, mt, "example", ex);
            }
        }
    }
}

/* Tags that paths use but no module declares (the jobs): described here. */
static const char *const EXTRA_TAGS[][2] = {
    {"service", "Health, readiness, metrics, this document, the /docs page and the index of operations"},
    {"jobs",
     "concurrent.futures / asyncio-style jobs: submit any operation, map it over a list, wait for it, "
     "cancel it, follow its progress as Server-Sent Events"},
    {"batch",
     "Several operations in one request (POST /v1/batch), each answered as its single call would be"},
};

static bool has_tag(const pv *tags, const char *name)
{
    for (size_t i = 0; i < tags->l.len; i++)
        if (strcmp(pv_dict_getc(tags->l.items[i], "name")->s.p, name) == 0)
            return true;
    return false;
}

void oa_add_used_tags(arena *a, pv *tags, const pv *paths)
{
    for (size_t i = 0; i < paths->d.len; i++) {
        const pv *item = paths->d.items[i].val;
        for (size_t m = 0; item->kind == PV_DICT && m < item->d.len; m++) {
            const pv *op = item->d.items[m].val;
            const pv *t = op->kind == PV_DICT ? pv_dict_getc(op, "tags") : NULL;
            for (size_t k = 0; t && t->kind == PV_LIST && k < t->l.len; k++) {
                if (t->l.items[k]->kind != PV_STR || has_tag(tags, t->l.items[k]->s.p))
                    continue;
                pv *d = obj(a);
                put(a, d, "name", t->l.items[k]);
                for (size_t e = 0; e < sizeof EXTRA_TAGS / sizeof EXTRA_TAGS[0]; e++)
                    if (strcmp(EXTRA_TAGS[e][0], t->l.items[k]->s.p) == 0)
                        put(a, d, "description", S(a, EXTRA_TAGS[e][1]));
                pv_list_push(a, tags, d);
            }
        }
    }
}

void oa_hoist_titled(arena *a, pv *v, pv *schemas)
{
    hoist(a, v, schemas, 0);
}

void oa_open_objects(arena *a, pv *v)
{
    open_objects(a, v, 0);
}

bool oa_referred(const pv *v, const char *target)
{
    return referred(v, target, 0);
}
