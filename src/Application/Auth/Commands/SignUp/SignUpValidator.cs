using FluentValidation;
using TenantSessions.Application.Auth.Passwords;
using TenantSessions.Application.Common.Validation;

namespace TenantSessions.Application.Auth.Commands.SignUp;

public sealed class SignUpValidator : AbstractValidator<SignUpCommand>
{
    public SignUpValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Enter your name.").MaximumLength(100);
        RuleFor(c => c.Email).ValidEmailAddress("Enter your e-mail address.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.").MaximumLength(PasswordRules.MaxLength);
    }
}
