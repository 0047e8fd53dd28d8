using FluentValidation;

namespace TenantSessions.Application.Platform.Commands.SuspendTenant;

public sealed class SuspendTenantValidator : AbstractValidator<SuspendTenantCommand>
{
    public SuspendTenantValidator()
    {
        RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why the workspace is suspended: its people will see it.")
            .MaximumLength(500);
    }
}
