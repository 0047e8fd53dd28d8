using FluentValidation;
using Microsoft.Extensions.Options;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Sessions;

namespace TenantSessions.Application.Admin.Commands.UpdateTenantSessionPolicy;

/// <summary>
/// Sane bounds for each value, and the relations between the values that will be in effect (the tenant's value or
/// else the platform default, resolved to fit): <c>updateAge ≤ expiresIn ≤ absoluteLifetime</c>, and an idle timeout
/// the tenant sets at most <c>expiresIn</c>.
/// </summary>
public sealed class UpdateTenantSessionPolicyValidator : AbstractValidator<UpdateTenantSessionPolicyCommand>
{
    public static readonly TimeSpan MinExpiresIn = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxExpiresIn = TimeSpan.FromDays(365);
    public static readonly TimeSpan MinUpdateAge = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxUpdateAge = TimeSpan.FromDays(30);
    public static readonly TimeSpan MinFreshAge = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxFreshAge = TimeSpan.FromDays(30);
    public static readonly TimeSpan MinAbsoluteLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxAbsoluteLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan MinIdleTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxIdleTimeout = TimeSpan.FromDays(30);
    public const int MaxConcurrentSessionsLimit = 100;

    public UpdateTenantSessionPolicyValidator(IOptions<SessionEngineOptions> options)
    {
        RuleFor(c => c.ExpiresIn).InclusiveBetween(MinExpiresIn, MaxExpiresIn).When(c => c.ExpiresIn is not null)
            .WithMessage("Session lifetime must be between 5 minutes and 365 days.");
        RuleFor(c => c.UpdateAge).InclusiveBetween(MinUpdateAge, MaxUpdateAge).When(c => c.UpdateAge is not null)
            .WithMessage("Refresh interval must be between 1 minute and 30 days.");
        RuleFor(c => c.FreshAge).InclusiveBetween(MinFreshAge, MaxFreshAge).When(c => c.FreshAge is not null)
            .WithMessage("Password re-check must be between 5 minutes and 30 days.");
        RuleFor(c => c.AbsoluteLifetime).InclusiveBetween(MinAbsoluteLifetime, MaxAbsoluteLifetime).When(c => c.AbsoluteLifetime is not null)
            .WithMessage("Absolute lifetime must be between 1 hour and 365 days.");
        RuleFor(c => c.MaxConcurrentSessions).InclusiveBetween(1, MaxConcurrentSessionsLimit).When(c => c.MaxConcurrentSessions is not null)
            .WithMessage($"Devices per person must be between 1 and {MaxConcurrentSessionsLimit}, or unlimited.");
        RuleFor(c => c.ConcurrentSessionAction).IsInEnum();
        RuleFor(c => c.IdleTimeout).InclusiveBetween(MinIdleTimeout, MaxIdleTimeout).When(c => c.IdleTimeout is not null)
            .WithMessage("Idle timeout must be between 5 minutes and 30 days, or empty for the platform default.");

        RuleFor(c => c.UpdateAge)
            .Must((c, _) => Effective(c, options.Value).UpdateAge <= Effective(c, options.Value).ExpiresIn)
            .WithMessage("The refresh interval cannot be longer than the session lifetime.");
        RuleFor(c => c.AbsoluteLifetime)
            .Must((c, _) => Effective(c, options.Value).ExpiresIn <= Effective(c, options.Value).AbsoluteLifetime)
            .WithMessage("The absolute lifetime cannot be shorter than the session lifetime.");
        RuleFor(c => c.IdleTimeout)
            .Must((c, idle) => idle <= Effective(c, options.Value).ExpiresIn)
            .When(c => c.IdleTimeout is { } idle && idle >= MinIdleTimeout && idle <= MaxIdleTimeout)
            .WithMessage("The idle timeout cannot be longer than the session lifetime: a session that idle has already expired.");
    }

    /// <summary>The values in force after the change, inherited ones resolved to fit the set ones (<see cref="SessionPolicyResolution"/>).</summary>
    private static SessionTimeouts Effective(UpdateTenantSessionPolicyCommand c, SessionEngineOptions defaults) =>
        defaults.TimeoutsFor(c.ToPolicy());
}
