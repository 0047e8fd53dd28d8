using FluentValidation;
using TenantSessions.Application.Auth.Passwords;

namespace TenantSessions.Application.Auth.Commands.AcceptInvitation;

internal sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationCommand>
{
    public AcceptInvitationValidator()
    {
        RuleFor(c => c.Password).MaximumLength(PasswordRules.MaxLength).WithMessage($"Choose a password of at most {PasswordRules.MaxLength} characters.");
    }
}
