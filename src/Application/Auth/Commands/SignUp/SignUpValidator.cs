using FluentValidation;

namespace TenantSessions.Application.Auth.Commands.SignUp;

public sealed class SignUpValidator : AbstractValidator<SignUpCommand>
{
    public SignUpValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Enter your name.").MaximumLength(100);
        RuleFor(c => c.Email).NotEmpty().WithMessage("Enter your e-mail address.").EmailAddress().WithMessage("Enter a valid e-mail address.").MaximumLength(254);
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.").MaximumLength(128);
    }
}
