using FluentValidation;
using TenantSessions.Application.Auth.Passwords;

namespace TenantSessions.Application.Sessions.Commands.ChangePassword;

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
        RuleFor(c => c.NewPassword).NotEmpty().WithMessage("Choose a new password.").MaximumLength(PasswordRules.MaxLength)
            .NotEqual(c => c.CurrentPassword).WithMessage("Choose a password different from the current one.");
    }
}
