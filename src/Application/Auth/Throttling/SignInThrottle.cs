using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Common.Exceptions;

namespace TenantSessions.Application.Auth.Throttling;

/// <summary>
/// Slows password guessing without letting anyone lock an account (ADR-011). Wrong passwords are counted per
/// <em>address + account</em> and per <em>account</em> (every address together, a much larger budget); past the free
/// failures each further attempt must wait a delay that doubles with every failure, up to <c>MaxDelay</c>. An attempt
/// inside the delay is refused before its password is looked at, with the same answer for every account. Only wrong
/// passwords count: a correct one never adds to either count, and resets its address's count.
/// <para>
/// The account is the text the caller typed (trimmed, case-folded, hashed to a fixed size), never a looked-up user, so a known and an unknown
/// e-mail are throttled exactly alike. Attempts on one address + account run one at a time, so a parallel burst sees
/// every failure before it and cannot slip past the count. State is per node (memory); see ADR-011.
/// </para>
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for the earlier attempts of this address + account to finish, then refuses with 429 if the attempt falls
    /// inside a delay; otherwise returns the attempt, which the caller marks <see cref="Attempt.Failed"/> or
    /// <see cref="Attempt.Succeeded"/> and disposes.
    /// </summary>
    public async Task<Attempt> BeginAsync(string scope, string account, string? address, CancellationToken cancellationToken)
    {
        var accountKey = AccountKey(scope, account);
        var addressKey = $"{accountKey}|{address}";
        var gate = EnterGate(addressKey);
        try
        {
            await gate.Turn.WaitAsync(cancellationToken);
        }
        catch
        {
            LeaveGate(addressKey, gate, hadTurn: false);
            throw;
        }

        try
        {
            var now = clock.GetUtcNow();
            var wait = TimeSpan.Zero;
            var o = options.Value;
            if (_counters.TryGetValue(addressKey, out var byAddress))
            {
                wait = Max(wait, byAddress.WaitAt(now, o.FreeFailuresPerAddress, o));
            }

            if (_counters.TryGetValue(accountKey, out var byAccount))
            {
                wait = Max(wait, byAccount.WaitAt(now, o.FreeFailuresPerAccount, o));
            }

            if (wait > TimeSpan.Zero)
            {
                throw TooManyAttempts(wait);
            }

            return new Attempt(this, () => LeaveGate(addressKey, gate, hadTurn: true), accountKey, addressKey);
        }
        catch
        {
            LeaveGate(addressKey, gate, hadTurn: true);
            throw;
        }
    }

    public static RefusalException TooManyAttempts(TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return new RefusalException(ErrorCodes.TooManyRequests, $"Too many attempts. Wait {seconds} second{(seconds == 1 ? "" : "s")} and try again.")
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    /// <summary>The throttle scope of password sign-in in a workspace (or, with no workspace, on the platform host).</summary>
    public static string SignInScope(Guid? tenantId) => $"sign-in|{tenantId?.ToString() ?? "platform"}";

    /// <summary>
    /// How <paramref name="account"/> stands now: its wrong passwords within <c>ForgetAfter</c> (every address together)
    /// and the longest wait any attempt on it faces, from any address (the per-account ceiling or one address's delay).
    /// </summary>
    public ThrottleState Inspect(string scope, string account)
    {
        var accountKey = AccountKey(scope, account);
        var now = clock.GetUtcNow();
        var o = options.Value;
        var failures = 0;
        var wait = TimeSpan.Zero;
        foreach (var (key, counter) in _counters)
        {
            if (key == accountKey)
            {
                failures = now - counter.LastFailureAt >= o.ForgetAfter ? 0 : counter.Failures;
                wait = Max(wait, counter.WaitAt(now, o.FreeFailuresPerAccount, o));
            }
            else if (key.StartsWith(accountKey + "|", StringComparison.Ordinal))
            {
                wait = Max(wait, counter.WaitAt(now, o.FreeFailuresPerAddress, o));
            }
        }

        return new ThrottleState(failures, wait);
    }

    /// <summary>Forgets the wrong passwords of <paramref name="account"/> from every address (an administrator lifts the lockout); true if there were any.</summary>
    public bool Lift(string scope, string account)
    {
        var accountKey = AccountKey(scope, account);
        var lifted = false;
        foreach (var key in _counters.Keys)
        {
            if (key == accountKey || key.StartsWith(accountKey + "|", StringComparison.Ordinal))
            {
                lifted |= _counters.TryRemove(key, out _);
            }
        }

        return lifted;
    }

    /// <summary>Forgets every count (tests reset between cases; an operator may call it after an incident).</summary>
    public void Clear() => _counters.Clear();

    /// <summary>Number of keys tracked now (for the soak run's memory figures and the sweep test).</summary>
    public int TrackedKeys => _counters.Count;

    /// <summary>The longest key tracked now, in characters (the test of security case 29: it does not grow with the input).</summary>
    public int LongestKey => _counters.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();

    private void RecordFailure(string accountKey, string addressKey)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        if (_counters.Count > o.SweepAbove)
        {
            Sweep(now, o.ForgetAfter);
        }

        _counters.AddOrUpdate(addressKey, _ => new Counter(1, now), (_, c) => c.Next(now, o.ForgetAfter));
        _counters.AddOrUpdate(accountKey, _ => new Counter(1, now), (_, c) => c.Next(now, o.ForgetAfter));
    }

    private void RecordSuccess(string addressKey) => _counters.TryRemove(addressKey, out _);

    private void Sweep(DateTimeOffset now, TimeSpan forgetAfter)
    {
        foreach (var (key, counter) in _counters)
        {
            if (now - counter.LastFailureAt >= forgetAfter)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private Gate EnterGate(string key)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out var gate))
            {
                _gates[key] = gate = new Gate();
            }

            gate.Users++;
            return gate;
        }
    }

    /// <summary>Gates live only while someone holds or waits for them, so memory follows the attempts in flight.</summary>
    private void LeaveGate(string key, Gate gate, bool hadTurn)
    {
        if (hadTurn)
        {
            gate.Turn.Release();
        }

        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(key);
                gate.Turn.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }

    /// <summary>
    /// The account's key: its scope and a SHA-256 of the typed text, trimmed and upper-cased, so a key has the same size
    /// whatever was typed (security case 29); the validators already refuse what could never be an address.
    /// </summary>
    private static string AccountKey(string scope, string account)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(account.Trim().ToUpperInvariant()), hash);
        return $"{scope}|{Convert.ToHexString(hash)}";
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    private readonly record struct Counter(int Failures, DateTimeOffset LastFailureAt)
    {
        public Counter Next(DateTimeOffset now, TimeSpan forgetAfter) =>
            now - LastFailureAt >= forgetAfter ? new Counter(1, now) : new Counter(Failures + 1, now);

        /// <summary>How long an attempt at <paramref name="now"/> must still wait: nothing within the free failures, then 1×, 2×, 4× … the first delay.</summary>
        public TimeSpan WaitAt(DateTimeOffset now, int free, SignInThrottleOptions o)
        {
            if (Failures < free || now - LastFailureAt >= o.ForgetAfter)
            {
                return TimeSpan.Zero;
            }

            var doublings = Math.Min(Failures - free, 30);
            var delay = TimeSpan.FromTicks(Math.Min(o.FirstDelay.Ticks * (1L << doublings), o.MaxDelay.Ticks));
            var wait = LastFailureAt + delay - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>An account's wrong passwords in the last <c>ForgetAfter</c> and the longest wait an attempt on it faces now.</summary>
    public readonly record struct ThrottleState(int WrongPasswords, TimeSpan Wait)
    {
        public bool IsWaiting => Wait > TimeSpan.Zero;
    }

    /// <summary>One password check in progress; holds its address + account's turn until disposed.</summary>
    public sealed class Attempt(SignInThrottle throttle, Action leave, string accountKey, string addressKey) : IDisposable
    {
        private bool _disposed;

        public void Failed() => throttle.RecordFailure(accountKey, addressKey);

        public void Succeeded() => throttle.RecordSuccess(addressKey);

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                leave();
            }
        }
    }
}
