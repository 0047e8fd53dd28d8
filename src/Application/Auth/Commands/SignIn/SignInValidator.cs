using FluentValidation;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Validation;

namespace TenantSessions.Application.Auth.Commands.SignIn;

/// <summary>
/// Runs before the throttle keeps anything: an address that could never be an account's is refused here, so no count is
/// kept for it (security case 29). A password longer than any we let anyone set is refused as well.
/// </summary>
internal sealed class SignInValidator : AbstractValidator<SignInCommand>
{
    public SignInValidator()
    {
        RuleFor(c => c.Email).ValidEmailAddress("Enter your e-mail address.");
        RuleFor(c => c.Password).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter your password.")
            .MaximumLength(PasswordRules.MaxLength).WithMessage("Invalid email or password.");
    }
}
