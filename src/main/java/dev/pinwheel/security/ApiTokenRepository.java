package dev.pinwheel.security;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    Optional<ApiToken> findByName(String name);

    boolean existsByRole(String role);

    @Modifying
    @Query("update ApiToken t set t.lastUsedAt = :now where t.id = :id")
    int touch(@Param("id") Long id, @Param("now") Instant now);
}
