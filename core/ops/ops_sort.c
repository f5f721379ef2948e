/* list.sort() as CPython 3.11 does it (Objects/listobject.c: timsort with
 * binary insertion, galloping merges and the powersort merge policy).  The
 * exact sequence of `<` comparisons matters: it decides where NaNs end up
 * and which pair of mixed types raises the TypeError first. */
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "ops/ops_int.h"

#define MIN_GALLOP 7
#define MAX_MERGE_PENDING 85

typedef struct run {
    pv **base;
    long len;
    int power;
} run;

typedef struct mstate {
    ops_ctx *x;
    pv **tmp;
    long alloced;
    long min_gallop;
    pv **basekeys;
    long listlen;
    int n;
    run pending[MAX_MERGE_PENDING];
} mstate;

/* 1 when a < b, 0 when not, -1 on error (the request's deadline too: a
 * sort of millions of items may take seconds) */
static int islt(mstate *ms, const pv *a, const pv *b)
{
    if (budget_expired())
        return budget_error(ms->x->err, ms->x->a);
    return ops_compare(ms->x, OPS_LT, a, b);
}

#define IFLT(X, Y)                                                                                           \
    if ((k = islt(ms, X, Y)) < 0)                                                                            \
        goto fail;                                                                                           \
    if (k)

static void reverse_slice(pv **lo, pv **hi)
{
    --hi;
    while (lo < hi) {
        pv *t = *lo;
        *lo = *hi;
        *hi = t;
        ++lo;
        --hi;
    }
}

static int binarysort(mstate *ms, pv **lo, pv **hi, pv **start)
{
    long k;
    pv **l, **p, **r;
    pv *pivot;
    if (lo == start)
        ++start;
    for (; start < hi; ++start) {
        l = lo;
        r = start;
        pivot = *r;
        do {
            p = l + ((r - l) >> 1);
            IFLT(pivot, *p)
            r = p;
            else l = p + 1;
        } while (l < r);
        for (p = start; p > l; --p)
            *p = *(p - 1);
        *l = pivot;
    }
    return 0;
fail:
    return -1;
}

static long count_run(mstate *ms, pv **lo, pv **hi, int *descending)
{
    long k, n;
    *descending = 0;
    ++lo;
    if (lo == hi)
        return 1;
    n = 2;
    IFLT(*lo, *(lo - 1))
    {
        *descending = 1;
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            IFLT(*lo, *(lo - 1));
            else break;
        }
    }
    else
    {
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            IFLT(*lo, *(lo - 1))
            break;
        }
    }
    return n;
fail:
    return -1;
}

static long gallop_left(mstate *ms, pv *key, pv **a, long n, long hint)
{
    long ofs, lastofs, k;
    a += hint;
    lastofs = 0;
    ofs = 1;
    IFLT(*a, key)
    {
        const long maxofs = n - hint;
        while (ofs < maxofs) {
            IFLT(a[ofs], key)
            {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            else break;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    }
    else
    {
        const long maxofs = hint + 1;
        while (ofs < maxofs) {
            IFLT(*(a - ofs), key)
            break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        k = lastofs;
        lastofs = hint - ofs;
        ofs = hint - k;
    }
    a -= hint;
    ++lastofs;
    while (lastofs < ofs) {
        long m = lastofs + ((ofs - lastofs) >> 1);
        IFLT(a[m], key)
        lastofs = m + 1;
        else ofs = m;
    }
    return ofs;
fail:
    return -1;
}

static long gallop_right(mstate *ms, pv *key, pv **a, long n, long hint)
{
    long ofs, lastofs, k;
    a += hint;
    lastofs = 0;
    ofs = 1;
    IFLT(key, *a)
    {
        const long maxofs = hint + 1;
        while (ofs < maxofs) {
            IFLT(key, *(a - ofs))
            {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            else break;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        k = lastofs;
        lastofs = hint - ofs;
        ofs = hint - k;
    }
    else
    {
        const long maxofs = n - hint;
        while (ofs < maxofs) {
            IFLT(key, a[ofs])
            break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    }
    a -= hint;
    ++lastofs;
    while (lastofs < ofs) {
        long m = lastofs + ((ofs - lastofs) >> 1);
        IFLT(key, a[m])
        ofs = m;
        else lastofs = m + 1;
    }
    return ofs;
fail:
    return -1;
}

static void getmem(mstate *ms, long need)
{
    if (need <= ms->alloced)
        return;
    free(ms->tmp);
    ms->tmp = malloc((size_t)need * sizeof(pv *));
    ms->alloced = need;
}

static long merge_lo(mstate *ms, pv **pa, long na, pv **pb, long nb)
{
    long k;
    pv **dest;
    int result = -1;
    long min_gallop;
    getmem(ms, na);
    memcpy(ms->tmp, pa, (size_t)na * sizeof(pv *));
    dest = pa;
    pa = ms->tmp;
    *dest++ = *pb++;
    --nb;
    if (nb == 0)
        goto Succeed;
    if (na == 1)
        goto CopyB;
    min_gallop = ms->min_gallop;
    for (;;) {
        long acount = 0, bcount = 0;
        for (;;) {
            k = islt(ms, pb[0], pa[0]);
            if (k) {
                if (k < 0)
                    goto Fail;
                *dest++ = *pb++;
                ++bcount;
                acount = 0;
                --nb;
                if (nb == 0)
                    goto Succeed;
                if (bcount >= min_gallop)
                    break;
            } else {
                *dest++ = *pa++;
                ++acount;
                bcount = 0;
                --na;
                if (na == 1)
                    goto CopyB;
                if (acount >= min_gallop)
                    break;
            }
        }
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            k = gallop_right(ms, pb[0], pa, na, 0);
            acount = k;
            if (k) {
                if (k < 0)
                    goto Fail;
                memcpy(dest, pa, (size_t)k * sizeof(pv *));
                dest += k;
                pa += k;
                na -= k;
                if (na == 1)
                    goto CopyB;
                if (na == 0)
                    goto Succeed;
            }
            *dest++ = *pb++;
            --nb;
            if (nb == 0)
                goto Succeed;
            k = gallop_left(ms, pa[0], pb, nb, 0);
            bcount = k;
            if (k) {
                if (k < 0)
                    goto Fail;
                memmove(dest, pb, (size_t)k * sizeof(pv *));
                dest += k;
                pb += k;
                nb -= k;
                if (nb == 0)
                    goto Succeed;
            }
            *dest++ = *pa++;
            --na;
            if (na == 1)
                goto CopyB;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;
        ms->min_gallop = min_gallop;
    }
Succeed:
    result = 0;
Fail:
    if (na)
        memcpy(dest, pa, (size_t)na * sizeof(pv *));
    return result;
CopyB:
    memmove(dest, pb, (size_t)nb * sizeof(pv *));
    dest[nb] = pa[0];
    return 0;
}

static long merge_hi(mstate *ms, pv **pa, long na, pv **pb, long nb)
{
    long k;
    pv **dest, **basea, **baseb;
    int result = -1;
    long min_gallop;
    getmem(ms, nb);
    dest = pb + nb - 1;
    memcpy(ms->tmp, pb, (size_t)nb * sizeof(pv *));
    basea = pa;
    baseb = ms->tmp;
    pb = ms->tmp + nb - 1;
    pa += na - 1;
    *dest-- = *pa--;
    --na;
    if (na == 0)
        goto Succeed;
    if (nb == 1)
        goto CopyA;
    min_gallop = ms->min_gallop;
    for (;;) {
        long acount = 0, bcount = 0;
        for (;;) {
            k = islt(ms, pb[0], pa[0]);
            if (k) {
                if (k < 0)
                    goto Fail;
                *dest-- = *pa--;
                ++acount;
                bcount = 0;
                --na;
                if (na == 0)
                    goto Succeed;
                if (acount >= min_gallop)
                    break;
            } else {
                *dest-- = *pb--;
                ++bcount;
                acount = 0;
                --nb;
                if (nb == 1)
                    goto CopyA;
                if (bcount >= min_gallop)
                    break;
            }
        }
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            k = gallop_right(ms, pb[0], basea, na, na - 1);
            if (k < 0)
                goto Fail;
            k = na - k;
            acount = k;
            if (k) {
                dest -= k;
                pa -= k;
                memmove(dest + 1, pa + 1, (size_t)k * sizeof(pv *));
                na -= k;
                if (na == 0)
                    goto Succeed;
            }
            *dest-- = *pb--;
            --nb;
            if (nb == 1)
                goto CopyA;
            k = gallop_left(ms, pa[0], baseb, nb, nb - 1);
            if (k < 0)
                goto Fail;
            k = nb - k;
            bcount = k;
            if (k) {
                dest -= k;
                pb -= k;
                memcpy(dest + 1, pb + 1, (size_t)k * sizeof(pv *));
                nb -= k;
                if (nb == 1)
                    goto CopyA;
                if (nb == 0)
                    goto Succeed;
            }
            *dest-- = *pa--;
            --na;
            if (na == 0)
                goto Succeed;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;
        ms->min_gallop = min_gallop;
    }
Succeed:
    result = 0;
Fail:
    if (nb)
        memcpy(dest - (nb - 1), baseb, (size_t)nb * sizeof(pv *));
    return result;
CopyA:
    memmove(dest + 1 - na, pa + 1 - na, (size_t)na * sizeof(pv *));
    dest -= na;
    dest[0] = pb[0];
    return 0;
}

static long merge_at(mstate *ms, int i)
{
    pv **pa = ms->pending[i].base, **pb = ms->pending[i + 1].base;
    long na = ms->pending[i].len, nb = ms->pending[i + 1].len, k;
    ms->pending[i].len = na + nb;
    if (i == ms->n - 3)
        ms->pending[i + 1] = ms->pending[i + 2];
    --ms->n;
    k = gallop_right(ms, *pb, pa, na, 0);
    if (k < 0)
        return -1;
    pa += k;
    na -= k;
    if (na == 0)
        return 0;
    nb = gallop_left(ms, pa[na - 1], pb, nb, nb - 1);
    if (nb <= 0)
        return nb;
    if (na <= nb)
        return merge_lo(ms, pa, na, pb, nb);
    return merge_hi(ms, pa, na, pb, nb);
}

static int powerloop(long s1, long n1, long n2, long n)
{
    int result = 0;
    long a = 2 * s1 + n1;
    long b = a + n1 + n2;
    for (;;) {
        ++result;
        if (a >= n) {
            a -= n;
            b -= n;
        } else if (b >= n) {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    return result;
}

static int found_new_run(mstate *ms, long n2)
{
    if (ms->n) {
        run *p = ms->pending;
        long s1 = p[ms->n - 1].base - ms->basekeys;
        long n1 = p[ms->n - 1].len;
        int power = powerloop(s1, n1, n2, ms->listlen);
        while (ms->n > 1 && p[ms->n - 2].power > power) {
            if (merge_at(ms, ms->n - 2) < 0)
                return -1;
        }
        p[ms->n - 1].power = power;
    }
    return 0;
}

static int merge_force_collapse(mstate *ms)
{
    run *p = ms->pending;
    while (ms->n > 1) {
        int n = ms->n - 2;
        if (n > 0 && p[n - 1].len < p[n + 1].len)
            --n;
        if (merge_at(ms, n) < 0)
            return -1;
    }
    return 0;
}

static long compute_minrun(long n)
{
    long r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

int ops_sort(ops_ctx *x, pv **items, size_t count, bool reverse)
{
    long nremaining = (long)count;
    if (reverse && count > 1)
        reverse_slice(items, items + count);
    int rc = 0;
    if (nremaining < 2)
        goto done;
    mstate ms;
    memset(&ms, 0, sizeof ms);
    ms.x = x;
    ms.min_gallop = MIN_GALLOP;
    ms.basekeys = items;
    ms.listlen = nremaining;
    pv **lo = items;
    long minrun = compute_minrun(nremaining);
    do {
        int descending;
        long n = count_run(&ms, lo, lo + nremaining, &descending);
        if (n < 0)
            goto fail;
        if (descending)
            reverse_slice(lo, lo + n);
        if (n < minrun) {
            const long force = nremaining <= minrun ? nremaining : minrun;
            if (binarysort(&ms, lo, lo + force, lo + n) < 0)
                goto fail;
            n = force;
        }
        if (found_new_run(&ms, n) < 0)
            goto fail;
        ms.pending[ms.n].base = lo;
        ms.pending[ms.n].len = n;
        ++ms.n;
        lo += n;
        nremaining -= n;
    } while (nremaining);
    if (merge_force_collapse(&ms) < 0)
        goto fail;
    free(ms.tmp);
    goto done;
fail:
    free(ms.tmp);
    rc = -1;
done:
    if (reverse && count > 1)
        reverse_slice(items, items + count);
    return rc;
}
