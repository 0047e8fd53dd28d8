using FluentValidation;

namespace TenantSessions.Application.Auth.Commands.RequestPasswordReset;

internal sealed class RequestPasswordResetValidator : AbstractValidator<RequestPasswordResetCommand>
{
    public RequestPasswordResetValidator()
    {
        RuleFor(c => c.Email).NotEmpty().WithMessage("Enter your e-mail address.")
            .MaximumLength(256).EmailAddress().WithMessage("Enter a valid e-mail address.");
    }
}
