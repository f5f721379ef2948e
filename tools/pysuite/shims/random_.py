"""The `random` shim: a Random whose state lives in the test process as the API's JSON state and
whose every method is one POST /v1/random/<fn> with that `state` and `return_state: true`.

seed() is a call with `n: 0` (no draw) answering the seeded state, so getstate()/setstate() are
bit-exact round trips of what pystd computes. Sequences travel as their indices: choice, choices,
sample and shuffle only ever index their population, so sending range(len(seq)) and mapping the
answer back is packing, and works for items without a JSON form. A subclass or an instance that
overrides a method (random(), getrandbits(), ...) is out of scope: pystd cannot call back into it.
SystemRandom, _randbelow and the other internals are out of scope.
"""

import collections.abc
import random as _real
import math
import os
import types

from .. import client
from ..scope import Missing, OutOfScope, missing_getattr
from .wire import checked_class, integer, number

__getattr__ = missing_getattr('random')
_MAX_POPULATION = 1_000_000
ISSUE17 = ('betavariate', 'gammavariate', 'lognormvariate', 'vonmisesvariate', 'paretovariate',
           'weibullvariate')
NV_MAGICCONST = 4 * math.exp(-0.5) / math.sqrt(2.0)
TWOPI = 2.0 * math.pi
LOG4 = math.log(4.0)
SG_MAGICCONST = 1.0 + math.log(4.5)
BPF = 53
RECIP_BPF = 2 ** -BPF


def _seed_wire(a):
    if a is None or type(a) in (int, str):
        return a, None
    if isinstance(a, bool):
        return int(a), None
    if isinstance(a, int):
        return int(a), None
    if type(a) is float:
        return a, 'random: float seeds'
    if isinstance(a, (bytes, bytearray)):
        return client.b(bytes(a)), 'random: bytes seeds'
    raise OutOfScope('random: a seed of a type the API cannot take (Python: TypeError)',
                     type(a).__name__)


def _population(seq, where, need_sequence=False):
    """range(len(seq)) for a sequence the API would index; the caller maps the answer back."""
    if need_sequence and not isinstance(seq, collections.abc.Sequence):
        raise OutOfScope(f'random.{where}: a population that is not a sequence (Python: TypeError)',
                         type(seq).__name__)
    try:
        n = len(seq)
    except TypeError:
        raise OutOfScope(f'random.{where}: a population without len()', type(seq).__name__)
    if n > _MAX_POPULATION:
        raise OutOfScope(f'random.{where}: a population too large to send', str(n))
    return list(range(n))


def _weights(w, where):
    if w is None:
        return None
    if type(w) not in (list, tuple, range):
        raise OutOfScope(f'random.{where}: weights that are not a list', type(w).__name__)
    return [number(x, where + ' weights') for x in w]


@checked_class
class Random:
    """random.Random on pystd. `_state` is the API's state ([3, [625 ints], gauss_next])."""

    VERSION = 3

    def __init__(self, x=None):
        self.seed(x)

    def _overridden(self):
        names = set(self.__dict__) - {'_state'}
        for klass in type(self).__mro__:
            if klass is Random:
                break
            names |= set(klass.__dict__)
        hit = names & _METHODS
        hit |= {n for n, f in _OWN.items() if Random.__dict__.get(n) is not f}
        if hit:
            raise OutOfScope('random: a Random subclass/instance overriding its methods',
                             ', '.join(sorted(hit)))
        real = vars(_real.Random)
        if len(real) != len(_REAL) or any(_REAL.get(n) is not f for n, f in real.items()):
            raise OutOfScope('random: a test that mocks the real random.Random', '')

    def _call(self, fn, issue17=None, **args):
        self._overridden()
        args.update(state=self._state, return_state=True)
        doc = client.call('random/' + fn, args, raw=True, issue17=issue17)
        self._state = doc['state']
        return doc['result']

    def seed(self, a=None, version=2):
        self._overridden()
        wire, issue17 = _seed_wire(a)
        args = {'seed': wire, 'version': integer(version, 'seed version'), 'n': 0,
                'return_state': True}
        doc = client.call('random/random', args, raw=True, issue17=issue17)
        self._state = doc['state']

    def getstate(self):
        v, internal, gauss = self._state
        return v, tuple(internal), gauss

    def setstate(self, state):
        ok = (type(state) is tuple and len(state) == 3 and state[0] == 3 and type(state[1]) is tuple
              and len(state[1]) == 625 and all(type(x) is int for x in state[1])
              and (state[2] is None or type(state[2]) is float))
        if not ok:
            raise OutOfScope('random: setstate of a state the API refuses (400; Python raises)', '')
        self._state = [3, list(state[1]), state[2]]

    @property
    def gauss_next(self):
        return self._state[2]

    @gauss_next.setter
    def gauss_next(self, value):
        self._state[2] = value

    def random(self):
        return client.wire_float(self._call('random'))

    def uniform(self, a, b):
        return client.wire_float(self._call('uniform', a=number(a, 'uniform a'),
                                            b=number(b, 'uniform b')))

    def randint(self, a, b):
        return self._call('randint', a=integer(a, 'randint a'), b=integer(b, 'randint b'))

    def randrange(self, start, stop=None, step=1):
        return self._call('randrange', start=integer(start, 'randrange start'),
                          stop=integer(stop, 'randrange stop', nullable=True),
                          step=integer(step, 'randrange step'))

    def getrandbits(self, k):
        return self._call('getrandbits', k=integer(k, 'getrandbits k'))

    def randbytes(self, n):
        return client.unb64(self._call('randbytes', n=integer(n, 'randbytes n')))

    def choice(self, seq):
        return seq[self._call('choice', seq=_population(seq, 'choice'))]

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        idx = self._call('choices', population=_population(population, 'choices'),
                         weights=_weights(weights, 'choices'),
                         cum_weights=_weights(cum_weights, 'choices'), k=integer(k, 'choices k'))
        return [population[i] for i in idx]

    def sample(self, population, k, *, counts=None):
        if counts is not None:
            if type(counts) not in (list, tuple, range):
                raise OutOfScope('random.sample: counts that are not a list', '')
            counts = [integer(c, 'sample counts') for c in counts]
            pop = _population(population, 'sample', need_sequence=True)
            flat = [i for i, c in zip(pop, counts) for _ in range(max(c, 0))]
            if len(flat) > _MAX_POPULATION:
                raise OutOfScope('random.sample: a population too large to send', '')
            idx = self._call('sample', population=pop, k=integer(k, 'sample k'), counts=counts)
        else:
            idx = self._call('sample', population=_population(population, 'sample', True),
                             k=integer(k, 'sample k'))
        return [population[i] for i in idx]

    def shuffle(self, x):
        perm = self._call('shuffle', x=_population(x, 'shuffle'))
        items = [x[i] for i in perm]
        for i, v in enumerate(items):
            x[i] = v

    def _dist(self, fn, **args):
        issue17 = 'random.' + fn if fn in ISSUE17 else None
        return client.wire_float(self._call(fn, issue17=issue17, **{
            k: number(v, f'{fn} {k}', nullable=True) for k, v in args.items()}))

    def gauss(self, mu=0.0, sigma=1.0):
        return self._dist('gauss', mu=mu, sigma=sigma)

    def normalvariate(self, mu=0.0, sigma=1.0):
        return self._dist('normalvariate', mu=mu, sigma=sigma)

    def triangular(self, low=0.0, high=1.0, mode=None):
        return self._dist('triangular', low=low, high=high, mode=mode)

    def expovariate(self, lambd):
        return self._dist('expovariate', lambd=lambd)

    def betavariate(self, alpha, beta):
        return self._dist('betavariate', alpha=alpha, beta=beta)

    def gammavariate(self, alpha, beta):
        return self._dist('gammavariate', alpha=alpha, beta=beta)

    def lognormvariate(self, mu, sigma):
        return self._dist('lognormvariate', mu=mu, sigma=sigma)

    def vonmisesvariate(self, mu, kappa):
        return self._dist('vonmisesvariate', mu=mu, kappa=kappa)

    def paretovariate(self, alpha):
        return self._dist('paretovariate', alpha=alpha)

    def weibullvariate(self, alpha, beta):
        return self._dist('weibullvariate', alpha=alpha, beta=beta)

    def __getattr__(self, name):
        if name.startswith('__') or name == '_state':
            raise AttributeError(name)
        return Missing(f'random.Random.{name}')

    def __reduce__(self):
        return self.__class__, (), self.getstate()

    def __setstate__(self, state):
        self.setstate(state)

    def __init_subclass__(cls, /, **kwargs):
        pass


_METHODS = frozenset(n for n, v in vars(Random).items()
                     if isinstance(v, (types.FunctionType, property)) and not n.startswith('__')) | {
    '_randbelow', '_randbelow_with_getrandbits', '_randbelow_without_getrandbits'}
_OWN = {n: v for n, v in vars(Random).items() if n in _METHODS}
_REAL = dict(vars(_real.Random))  # mock.patch('random.Random.x') patches the real class
_inst = Random()
for _n in ('seed', 'random', 'uniform', 'triangular', 'randint', 'choice', 'randrange', 'sample',
           'shuffle', 'choices', 'normalvariate', 'lognormvariate', 'expovariate',
           'vonmisesvariate', 'gammavariate', 'gauss', 'betavariate', 'paretovariate',
           'weibullvariate', 'getstate', 'setstate', 'getrandbits', 'randbytes'):
    globals()[_n] = getattr(_inst, _n)
SystemRandom = Missing('random.SystemRandom')
if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_inst.seed)  # as random.py does: a child reseeds
