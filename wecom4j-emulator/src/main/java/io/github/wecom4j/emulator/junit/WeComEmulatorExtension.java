package io.github.wecom4j.emulator.junit;

import io.github.wecom4j.emulator.WeComEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Supplier;

/**
 * Starts one emulator per test class, resets it before every test (fresh tokens, no faults,
 * counters at zero, real time) and injects it as a {@link WeComEmulator} parameter.
 *
 * <p>Use {@link WeComEmulatorTest} on a class, or register an instance to choose the corp:
 * <pre>{@code
 * @RegisterExtension
 * static WeComEmulatorExtension wecom = new WeComEmulatorExtension(() -> WeComEmulator.builder().corp(myCorp).start());
 * }</pre>
 */
public final class WeComEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {

    private final Supplier<WeComEmulator> factory;
    private WeComEmulator emulator;

    public WeComEmulatorExtension() {
        this(WeComEmulator::start);
    }

    public WeComEmulatorExtension(Supplier<WeComEmulator> factory) {
        this.factory = factory;
    }

    /** The running emulator (for use from a static field registration). */
    public WeComEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator starts before the first test of the class");
        }
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = factory.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return parameterContext.getParameter().getType() == WeComEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return emulator();
    }
}
