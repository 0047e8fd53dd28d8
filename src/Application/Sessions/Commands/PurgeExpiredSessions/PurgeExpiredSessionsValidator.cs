using FluentValidation;

namespace TenantSessions.Application.Sessions.Commands.PurgeExpiredSessions;

public sealed class PurgeExpiredSessionsValidator : AbstractValidator<PurgeExpiredSessionsCommand>
{
    public PurgeExpiredSessionsValidator()
    {
        RuleFor(c => c.MaxBatches).GreaterThan(0).When(c => c.MaxBatches is not null);
    }
}
