using FluentValidation;
using TenantSessions.Application.Auth.Passwords;

namespace TenantSessions.Application.Auth.Commands.ResetPassword;

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator()
    {
        RuleFor(c => c.NewPassword).MaximumLength(PasswordRules.MaxLength).WithMessage($"Choose a password of at most {PasswordRules.MaxLength} characters.");
    }
}
